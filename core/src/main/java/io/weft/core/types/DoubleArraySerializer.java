package io.weft.core.types;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/** Writes a {@code double[]} as a varint length followed by 8 big-endian bytes per element. */
public final class DoubleArraySerializer implements TypeSerializer<double[]> {
  public static final DoubleArraySerializer INSTANCE = new DoubleArraySerializer();

  private DoubleArraySerializer() {}

  @Override
  public void serialize(double[] value, DataOutput out) throws IOException {
    if (value == null) {
      throw Io.nullValue("double[]");
    }
    VarInts.writeVarInt(out, value.length);
    for (double v : value) {
      out.writeDouble(v);
    }
  }

  @Override
  public double[] deserialize(DataInput in) throws IOException {
    int len = BoundedIo.readLength(in, "a double[]");
    // Grown as data arrives, so a corrupt length fails with EOF instead of a huge allocation.
    double[] a = new double[Math.min(len, BoundedIo.CHUNK / 8)];
    for (int i = 0; i < len; i++) {
      if (i == a.length) {
        a = Arrays.copyOf(a, (int) Math.min(len, 2L * a.length));
      }
      a[i] = in.readDouble();
    }
    return a;
  }

  @Override
  public double[] copy(double[] value) {
    if (value == null) {
      throw Io.nullValue("double[]");
    }
    return value.clone();
  }

  @Override
  public int fixedLength() {
    return -1;
  }
}
