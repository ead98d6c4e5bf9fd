package io.weft.core.types;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Writes a {@code byte[]} as a varint length followed by the bytes. */
public final class BytesSerializer implements TypeSerializer<byte[]> {
  public static final BytesSerializer INSTANCE = new BytesSerializer();

  private BytesSerializer() {}

  @Override
  public void serialize(byte[] value, DataOutput out) throws IOException {
    if (value == null) {
      throw Io.nullValue("byte[]");
    }
    VarInts.writeVarInt(out, value.length);
    out.write(value);
  }

  @Override
  public byte[] deserialize(DataInput in) throws IOException {
    return BoundedIo.readBytes(in, BoundedIo.readLength(in, "a byte[]"));
  }

  @Override
  public byte[] copy(byte[] value) {
    if (value == null) {
      throw Io.nullValue("byte[]");
    }
    return value.clone();
  }

  @Override
  public int fixedLength() {
    return -1;
  }
}
