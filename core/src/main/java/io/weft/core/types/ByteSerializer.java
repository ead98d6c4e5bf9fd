package io.weft.core.types;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Writes a {@link Byte} as one byte. */
public final class ByteSerializer implements TypeSerializer<Byte> {
  public static final ByteSerializer INSTANCE = new ByteSerializer();

  private ByteSerializer() {}

  @Override
  public void serialize(Byte value, DataOutput out) throws IOException {
    if (value == null) {
      throw Io.nullValue("Byte");
    }
    out.writeByte(value);
  }

  @Override
  public Byte deserialize(DataInput in) throws IOException {
    return in.readByte();
  }

  @Override
  public Byte copy(Byte value) {
    return value;
  }

  @Override
  public int fixedLength() {
    return 1;
  }
}
