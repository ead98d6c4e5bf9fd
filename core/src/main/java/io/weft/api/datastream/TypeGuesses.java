package io.weft.api.datastream;

import io.weft.core.types.InvalidTypeException;
import io.weft.core.types.TypeExtractor;
import io.weft.core.types.TypeInfo;

/**
 * Best-effort type detection while a program builds its plan. A type that cannot be determined
 * stays null: it is only needed where elements are serialized, which asks for returns(...) then.
 */
public final class TypeGuesses {
  private TypeGuesses() {}

  public static <T> TypeInfo<T> ofClass(Class<T> type) {
    try {
      return TypeInfo.of(type);
    } catch (InvalidTypeException e) {
      return null;
    }
  }

  @SuppressWarnings("unchecked")
  static <T> TypeInfo<T> output(Object function, Class<?> functionInterface, int typeParameter) {
    try {
      return (TypeInfo<T>) TypeExtractor.outputType(function, functionInterface, typeParameter);
    } catch (InvalidTypeException e) {
      return null;
    }
  }
}
