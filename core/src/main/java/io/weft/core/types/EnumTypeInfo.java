package io.weft.core.types;

import java.util.Objects;

/** An enum, written by ordinal. */
public final class EnumTypeInfo<E extends Enum<E>> extends TypeInfo<E> {
  private static final long serialVersionUID = 1L;
  private final Class<E> type;

  public EnumTypeInfo(Class<E> type) {
    this.type = Objects.requireNonNull(type, "type");
    if (!type.isEnum()) {
      throw new IllegalArgumentException(type.getName() + " is not an enum");
    }
  }

  @Override
  public Class<E> typeClass() {
    return type;
  }

  @Override
  public TypeSerializer<E> createSerializer() {
    return new EnumSerializer<>(type);
  }

  @Override
  public String toString() {
    return type.getSimpleName();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EnumTypeInfo<?> e && e.type == type;
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }
}
