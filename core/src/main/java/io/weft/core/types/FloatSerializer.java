package io.weft.core.types;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Writes a {@link Float} as its 4-byte IEEE 754 bits (NaNs collapse to the canonical NaN). */
public final class FloatSerializer implements TypeSerializer<Float> {
  public static final FloatSerializer INSTANCE = new FloatSerializer();

  private FloatSerializer() {}

  @Override
  public void serialize(Float value, DataOutput out) throws IOException {
    if (value == null) {
      throw Io.nullValue("Float");
    }
    out.writeFloat(value);
  }

  @Override
  public Float deserialize(DataInput in) throws IOException {
    return in.readFloat();
  }

  @Override
  public Float copy(Float value) {
    return value;
  }

  @Override
  public int fixedLength() {
    return 4;
  }
}
