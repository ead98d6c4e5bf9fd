package io.weft.core.types;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Writes an {@link Integer} as 4 bytes, big-endian. */
public final class IntSerializer implements TypeSerializer<Integer> {
  public static final IntSerializer INSTANCE = new IntSerializer();

  private IntSerializer() {}

  @Override
  public void serialize(Integer value, DataOutput out) throws IOException {
    if (value == null) {
      throw Io.nullValue("Integer");
    }
    out.writeInt(value);
  }

  @Override
  public Integer deserialize(DataInput in) throws IOException {
    return in.readInt();
  }

  @Override
  public Integer copy(Integer value) {
    return value;
  }

  @Override
  public int fixedLength() {
    return 4;
  }
}
