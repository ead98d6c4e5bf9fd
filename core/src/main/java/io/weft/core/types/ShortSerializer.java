package io.weft.core.types;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Writes a {@link Short} as 2 bytes, big-endian. */
public final class ShortSerializer implements TypeSerializer<Short> {
  public static final ShortSerializer INSTANCE = new ShortSerializer();

  private ShortSerializer() {}

  @Override
  public void serialize(Short value, DataOutput out) throws IOException {
    if (value == null) {
      throw Io.nullValue("Short");
    }
    out.writeShort(value);
  }

  @Override
  public Short deserialize(DataInput in) throws IOException {
    return in.readShort();
  }

  @Override
  public Short copy(Short value) {
    return value;
  }

  @Override
  public int fixedLength() {
    return 2;
  }
}
