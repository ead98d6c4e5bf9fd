package io.weft.core.types;

import java.util.Objects;

/** Another type whose values may also be null; see {@link NullableSerializer}. */
public final class NullableTypeInfo<T> extends TypeInfo<T> {
  private static final long serialVersionUID = 1L;
  private final TypeInfo<T> inner;

  public NullableTypeInfo(TypeInfo<T> inner) {
    this.inner = Objects.requireNonNull(inner, "inner");
  }

  public TypeInfo<T> inner() {
    return inner;
  }

  @Override
  public Class<T> typeClass() {
    return inner.typeClass();
  }

  @Override
  public TypeSerializer<T> createSerializer() {
    return new NullableSerializer<>(inner.createSerializer());
  }

  @Override
  public String toString() {
    return "Nullable<" + inner + ">";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NullableTypeInfo<?> n && n.inner.equals(inner);
  }

  @Override
  public int hashCode() {
    return 31 * inner.hashCode() + 1;
  }
}
