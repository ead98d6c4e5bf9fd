package io.weft.api.state;

import io.weft.core.types.TypeInfo;
import java.util.Objects;

/** Describes a {@link MapState}; the descriptor's own type is that of the values. */
public final class MapStateDescriptor<K, V> extends StateDescriptor<V> {
  private static final long serialVersionUID = 1L;
  private final Class<K> keyClass;
  private final TypeInfo<K> keyTypeInfo;

  public MapStateDescriptor(String name, Class<K> keyType, Class<V> valueType) {
    super(name, valueType);
    this.keyClass = Objects.requireNonNull(keyType, "key type");
    this.keyTypeInfo = null;
  }

  public MapStateDescriptor(String name, TypeInfo<K> keyType, TypeInfo<V> valueType) {
    super(name, valueType);
    this.keyTypeInfo = Objects.requireNonNull(keyType, "key type");
    this.keyClass = keyType.typeClass();
  }

  /** The type of the map's keys; analysed from the class when only a class was given. */
  public TypeInfo<K> getKeyTypeInfo() {
    return keyTypeInfo != null ? keyTypeInfo : TypeInfo.of(keyClass);
  }
}
