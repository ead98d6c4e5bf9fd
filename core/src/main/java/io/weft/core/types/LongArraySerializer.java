package io.weft.core.types;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/** Writes a {@code long[]} as a varint length followed by 8 big-endian bytes per element. */
public final class LongArraySerializer implements TypeSerializer<long[]> {
  public static final LongArraySerializer INSTANCE = new LongArraySerializer();

  private LongArraySerializer() {}

  @Override
  public void serialize(long[] value, DataOutput out) throws IOException {
    if (value == null) {
      throw Io.nullValue("long[]");
    }
    VarInts.writeVarInt(out, value.length);
    for (long v : value) {
      out.writeLong(v);
    }
  }

  @Override
  public long[] deserialize(DataInput in) throws IOException {
    int len = BoundedIo.readLength(in, "a long[]");
    // Grown as data arrives, so a corrupt length fails with EOF instead of a huge allocation.
    long[] a = new long[Math.min(len, BoundedIo.CHUNK / 8)];
    for (int i = 0; i < len; i++) {
      if (i == a.length) {
        a = Arrays.copyOf(a, (int) Math.min(len, 2L * a.length));
      }
      a[i] = in.readLong();
    }
    return a;
  }

  @Override
  public long[] copy(long[] value) {
    if (value == null) {
      throw Io.nullValue("long[]");
    }
    return value.clone();
  }

  @Override
  public int fixedLength() {
    return -1;
  }
}
