package io.weft.state.ttl;

import io.weft.core.types.TypeSerializer;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * Writes a {@link TtlValue} as its timestamp (8 bytes, first, so that a snapshot can drop expired
 * entries from their raw bytes) followed by the value.
 */
public final class TtlValueSerializer<T> implements TypeSerializer<TtlValue<T>> {
  private final TypeSerializer<T> values;

  public TtlValueSerializer(TypeSerializer<T> values) {
    this.values = Objects.requireNonNull(values, "values");
  }

  @Override
  public void serialize(TtlValue<T> value, DataOutput out) throws IOException {
    out.writeLong(value.lastAccess());
    values.serialize(value.value(), out);
  }

  @Override
  public TtlValue<T> deserialize(DataInput in) throws IOException {
    long ts = in.readLong();
    return new TtlValue<>(values.deserialize(in), ts);
  }

  @Override
  public TtlValue<T> copy(TtlValue<T> value) {
    T v = value.value();
    T c = v == null ? null : values.copy(v);
    return c == v ? value : new TtlValue<>(c, value.lastAccess());
  }

  @Override
  public int fixedLength() {
    int n = values.fixedLength();
    return n < 0 ? -1 : n + 8;
  }
}
