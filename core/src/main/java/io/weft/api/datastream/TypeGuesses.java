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

  /**
   * The type of a stream of values like {@code sample}, as Flink derives it for fromElements: a
   * tuple's type from its fields' values (nested tuples too), any other value by its class. Null
   * when it cannot be determined (a null field, a generic class).
   */
  @SuppressWarnings("unchecked")
  public static <T> TypeInfo<T> ofValue(T sample) {
    if (sample instanceof io.weft.api.tuple.Tuple t) {
      TypeInfo<?>[] fields = new TypeInfo<?>[t.arity()];
      for (int i = 0; i < fields.length; i++) {
        Object field = t.getField(i);
        fields[i] = field == null ? null : ofValue(field);
        if (fields[i] == null) {
          return null;
        }
      }
      try {
        return (TypeInfo<T>) io.weft.core.types.Types.TUPLE(fields);
      } catch (InvalidTypeException e) {
        return null;
      }
    }
    return ofClass((Class<T>) sample.getClass());
  }

  @SuppressWarnings("unchecked")
  public static <T> TypeInfo<T> output(Object function, Class<?> functionInterface, int typeParameter) {
    try {
      return (TypeInfo<T>) TypeExtractor.outputType(function, functionInterface, typeParameter);
    } catch (InvalidTypeException e) {
      return null;
    }
  }
}
