package io.weft.core.types;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Writes a {@link Character} as 2 bytes, big-endian (a UTF-16 code unit). */
public final class CharSerializer implements TypeSerializer<Character> {
  public static final CharSerializer INSTANCE = new CharSerializer();

  private CharSerializer() {}

  @Override
  public void serialize(Character value, DataOutput out) throws IOException {
    if (value == null) {
      throw Io.nullValue("Character");
    }
    out.writeChar(value);
  }

  @Override
  public Character deserialize(DataInput in) throws IOException {
    return in.readChar();
  }

  @Override
  public Character copy(Character value) {
    return value;
  }

  @Override
  public int fixedLength() {
    return 2;
  }
}
