package io.weft.core.types;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Writes a {@link Long} as 8 bytes, big-endian. */
public final class LongSerializer implements TypeSerializer<Long> {
  public static final LongSerializer INSTANCE = new LongSerializer();

  private LongSerializer() {}

  @Override
  public void serialize(Long value, DataOutput out) throws IOException {
    if (value == null) {
      throw Io.nullValue("Long");
    }
    out.writeLong(value);
  }

  @Override
  public Long deserialize(DataInput in) throws IOException {
    return in.readLong();
  }

  @Override
  public Long copy(Long value) {
    return value;
  }

  @Override
  public int fixedLength() {
    return 8;
  }
}
