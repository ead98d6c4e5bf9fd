package io.weft.api.windowing;

import io.weft.core.types.InvalidTypeException;
import io.weft.core.types.TypeExtractor;
import io.weft.core.types.TypeInfo;

/** Best-effort output types of window functions; null leaves it to returns(...), as elsewhere in the API. */
final class WindowTypes {
  private WindowTypes() {}

  @SuppressWarnings("unchecked")
  static <T> TypeInfo<T> output(Object function, Class<?> functionType, int typeParameter) {
    try {
      return (TypeInfo<T>) TypeExtractor.outputType(function, functionType, typeParameter);
    } catch (InvalidTypeException e) {
      return null;
    }
  }
}
