package io.weft.core.types;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a {@link Map} as a varint size, a flag byte saying whether any key or value is null, and
 * the entries; only when the flag is set does each entry get a byte marking its null key/value.
 * Read back as a {@link HashMap}.
 */
public final class MapSerializer<K, V> implements TypeSerializer<Map<K, V>> {
  private static final int NULL_KEY = 1;
  private static final int NULL_VALUE = 2;

  private final TypeSerializer<K> keys;
  private final TypeSerializer<V> values;

  public MapSerializer(TypeSerializer<K> keys, TypeSerializer<V> values) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.values = Objects.requireNonNull(values, "values");
  }

  public TypeSerializer<K> keySerializer() {
    return keys;
  }

  public TypeSerializer<V> valueSerializer() {
    return values;
  }

  @Override
  public void serialize(Map<K, V> value, DataOutput out) throws IOException {
    if (value == null) {
      throw Io.nullValue("Map");
    }
    VarInts.writeVarInt(out, value.size());
    boolean hasNull = false;
    for (Map.Entry<K, V> e : value.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        hasNull = true;
        break;
      }
    }
    out.writeBoolean(hasNull);
    int written = 0;
    for (Map.Entry<K, V> e : value.entrySet()) {
      K k = e.getKey();
      V v = e.getValue();
      if (hasNull) {
        out.writeByte((k == null ? NULL_KEY : 0) | (v == null ? NULL_VALUE : 0));
      }
      if (k != null) {
        keys.serialize(k, out);
      }
      if (v != null) {
        values.serialize(v, out);
      }
      written++;
    }
    if (written != value.size()) {
      throw new IllegalStateException("map changed size while being serialized");
    }
  }

  @Override
  public Map<K, V> deserialize(DataInput in) throws IOException {
    int size = BoundedIo.readLength(in, "a map");
    boolean hasNull = in.readBoolean();
    int expected = BoundedIo.initialCapacity(size);
    HashMap<K, V> map = new HashMap<>(expected + expected / 3 + 1);
    for (int i = 0; i < size; i++) {
      int nulls = hasNull ? in.readUnsignedByte() : 0;
      if ((nulls & ~(NULL_KEY | NULL_VALUE)) != 0) {
        throw new IOException("corrupt input: map entry marker " + nulls);
      }
      K k = (nulls & NULL_KEY) != 0 ? null : keys.deserialize(in);
      V v = (nulls & NULL_VALUE) != 0 ? null : values.deserialize(in);
      map.put(k, v);
    }
    if (map.size() != size) {
      throw new IOException("corrupt input: map of " + size + " entries has duplicate keys");
    }
    return map;
  }

  @Override
  public Map<K, V> copy(Map<K, V> value) {
    if (value == null) {
      throw Io.nullValue("Map");
    }
    HashMap<K, V> map = new HashMap<>(value.size() + value.size() / 3 + 1);
    for (Map.Entry<K, V> e : value.entrySet()) {
      K k = e.getKey();
      V v = e.getValue();
      map.put(k == null ? null : keys.copy(k), v == null ? null : values.copy(v));
    }
    return map;
  }

  @Override
  public int fixedLength() {
    return -1;
  }
}
