package io.weft.core.types;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Writes a {@link Double} as its 8-byte IEEE 754 bits (NaNs collapse to the canonical NaN). */
public final class DoubleSerializer implements TypeSerializer<Double> {
  public static final DoubleSerializer INSTANCE = new DoubleSerializer();

  private DoubleSerializer() {}

  @Override
  public void serialize(Double value, DataOutput out) throws IOException {
    if (value == null) {
      throw Io.nullValue("Double");
    }
    out.writeDouble(value);
  }

  @Override
  public Double deserialize(DataInput in) throws IOException {
    return in.readDouble();
  }

  @Override
  public Double copy(Double value) {
    return value;
  }

  @Override
  public int fixedLength() {
    return 8;
  }
}
