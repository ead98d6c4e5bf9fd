package io.weft.core.types;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/** Lets another serializer's values be null: a marker byte (0 null, 1 present), then the value. */
public final class NullableSerializer<T> implements TypeSerializer<T> {
  private final TypeSerializer<T> inner;

  public NullableSerializer(TypeSerializer<T> inner) {
    this.inner = Objects.requireNonNull(inner, "inner");
  }

  public TypeSerializer<T> inner() {
    return inner;
  }

  @Override
  public void serialize(T value, DataOutput out) throws IOException {
    if (value == null) {
      out.writeByte(0);
    } else {
      out.writeByte(1);
      inner.serialize(value, out);
    }
  }

  @Override
  public T deserialize(DataInput in) throws IOException {
    byte marker = in.readByte();
    if (marker == 0) {
      return null;
    }
    if (marker != 1) {
      throw new IOException("corrupt input: null marker byte " + marker);
    }
    return inner.deserialize(in);
  }

  @Override
  public T copy(T value) {
    return value == null ? null : inner.copy(value);
  }

  @Override
  public int fixedLength() {
    return -1;
  }
}
