package io.weft.core.types;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * Captures a generic type, which Java otherwise erases: {@code new TypeHint<Tuple2<String,
 * Long>>() {}}. The anonymous subclass records its type argument in the class file, where
 * reflection can read it back.
 */
public abstract class TypeHint<T> {
  private final Type type;

  protected TypeHint() {
    Type sup = getClass().getGenericSuperclass();
    if (!(sup instanceof ParameterizedType p) || p.getRawType() != TypeHint.class) {
      throw new IllegalStateException(
          "create a TypeHint as a direct anonymous subclass with a type argument,"
              + " e.g. new TypeHint<Tuple2<String, Long>>() {}");
    }
    this.type = p.getActualTypeArguments()[0];
  }

  /** The captured type. */
  public final Type getType() {
    return type;
  }

  /** Shorthand for {@link TypeInfo#of(TypeHint)}. */
  public final TypeInfo<T> getTypeInfo() {
    return TypeInfo.of(this);
  }

  @Override
  public String toString() {
    return "TypeHint<" + type.getTypeName() + ">";
  }
}
