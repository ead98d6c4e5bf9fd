package io.weft.core.types;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Writes a {@link Boolean} as one byte, 0 or 1. */
public final class BooleanSerializer implements TypeSerializer<Boolean> {
  public static final BooleanSerializer INSTANCE = new BooleanSerializer();

  private BooleanSerializer() {}

  @Override
  public void serialize(Boolean value, DataOutput out) throws IOException {
    if (value == null) {
      throw Io.nullValue("Boolean");
    }
    out.writeBoolean(value);
  }

  @Override
  public Boolean deserialize(DataInput in) throws IOException {
    byte b = in.readByte();
    if (b != 0 && b != 1) {
      throw new IOException("corrupt input: boolean byte " + b);
    }
    return b == 1;
  }

  @Override
  public Boolean copy(Boolean value) {
    return value;
  }

  @Override
  public int fixedLength() {
    return 1;
  }
}
