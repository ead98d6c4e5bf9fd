package io.weft.core.types;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/** Writes a {@code int[]} as a varint length followed by 4 big-endian bytes per element. */
public final class IntArraySerializer implements TypeSerializer<int[]> {
  public static final IntArraySerializer INSTANCE = new IntArraySerializer();

  private IntArraySerializer() {}

  @Override
  public void serialize(int[] value, DataOutput out) throws IOException {
    if (value == null) {
      throw Io.nullValue("int[]");
    }
    VarInts.writeVarInt(out, value.length);
    for (int v : value) {
      out.writeInt(v);
    }
  }

  @Override
  public int[] deserialize(DataInput in) throws IOException {
    int len = BoundedIo.readLength(in, "a int[]");
    // Grown as data arrives, so a corrupt length fails with EOF instead of a huge allocation.
    int[] a = new int[Math.min(len, BoundedIo.CHUNK / 4)];
    for (int i = 0; i < len; i++) {
      if (i == a.length) {
        a = Arrays.copyOf(a, (int) Math.min(len, 2L * a.length));
      }
      a[i] = in.readInt();
    }
    return a;
  }

  @Override
  public int[] copy(int[] value) {
    if (value == null) {
      throw Io.nullValue("int[]");
    }
    return value.clone();
  }

  @Override
  public int fixedLength() {
    return -1;
  }
}
