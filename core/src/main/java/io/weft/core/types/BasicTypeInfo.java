package io.weft.core.types;

/** A type with one fixed serializer: boxed primitives, String, byte[] and primitive arrays. */
public final class BasicTypeInfo<T> extends TypeInfo<T> {
  private static final long serialVersionUID = 1L;
  private final Class<T> type;
  private final String name;
  /** Not shipped: a deserialized type resolves to the constant of its class, which holds it. */
  private final transient TypeSerializer<T> serializer;

  BasicTypeInfo(Class<T> type, String name, TypeSerializer<T> serializer) {
    this.type = type;
    this.name = name;
    this.serializer = serializer;
  }

  /** The one constant per class (see {@link Types}), so that the serializer comes back with it. */
  private Object readResolve() {
    return TypeAnalyzer.basicOf(type);
  }

  @Override
  public Class<T> typeClass() {
    return type;
  }

  @Override
  public TypeSerializer<T> createSerializer() {
    return serializer;
  }

  @Override
  public String toString() {
    return name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BasicTypeInfo<?> b && b.type == type;
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }
}
