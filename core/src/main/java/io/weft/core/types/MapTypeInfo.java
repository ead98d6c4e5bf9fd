package io.weft.core.types;

import java.util.Map;
import java.util.Objects;

/** A {@link Map} of one key and one value type, read back as a HashMap. */
public final class MapTypeInfo<K, V> extends TypeInfo<Map<K, V>> {
  private static final long serialVersionUID = 1L;
  private final TypeInfo<K> key;
  private final TypeInfo<V> value;

  public MapTypeInfo(TypeInfo<K> key, TypeInfo<V> value) {
    this.key = Objects.requireNonNull(key, "key");
    this.value = Objects.requireNonNull(value, "value");
  }

  public TypeInfo<K> keyType() {
    return key;
  }

  public TypeInfo<V> valueType() {
    return value;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Class<Map<K, V>> typeClass() {
    return (Class) Map.class;
  }

  @Override
  public TypeSerializer<Map<K, V>> createSerializer() {
    return new MapSerializer<>(key.createSerializer(), value.createSerializer());
  }

  @Override
  public String toString() {
    return "Map<" + key + ", " + value + ">";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MapTypeInfo<?, ?> m && m.key.equals(key) && m.value.equals(value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, value);
  }
}
