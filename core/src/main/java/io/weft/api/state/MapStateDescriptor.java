package io.weft.api.state;

import io.weft.core.types.TypeInfo;
import java.util.Objects;

/** Describes a {@link MapState}; the descriptor's own type is that of the values. */
public final class MapStateDescriptor<K, V> extends StateDescriptor<V> {
  private static final long serialVersionUID = 1L;
  private final Class<K> keyClass;

  public MapStateDescriptor(String name, Class<K> keyType, Class<V> valueType) {
    super(name, valueType);
    this.keyClass = Objects.requireNonNull(keyType, "key type");
  }

  public TypeInfo<K> getKeyTypeInfo() {
    return TypeInfo.of(keyClass);
  }
}
