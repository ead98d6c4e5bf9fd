package io.weft.core.types;

import java.io.DataInput;
import java.io.IOException;
import java.util.Arrays;

/** Shared checks for the codecs. */
final class Io {
  /**
   * Arrays longer than this are read in growing chunks, so that a corrupt length prefix fails with
   * an EOFException when the data runs out instead of first allocating gigabytes.
   */
  static final int CHUNK = 1 << 20;

  private Io() {}

  static NullPointerException nullValue(String typeName) {
    return new NullPointerException(
        "cannot serialize a null " + typeName
            + "; this serializer does not accept null values. Wrap it in NullableSerializer"
            + " (Types.NULLABLE) or keep the value in a tuple, POJO, record, list or map field,"
            + " which may be null");
  }

  /** Reads a varint length prefix and rejects negative values. */
  static int readLength(DataInput in, String what) throws IOException {
    int n = VarInts.readVarInt(in);
    if (n < 0) {
      throw new IOException("corrupt input: negative length " + n + " for " + what);
    }
    return n;
  }

  static byte[] readBytes(DataInput in, int len) throws IOException {
    if (len <= CHUNK) {
      byte[] b = new byte[len];
      in.readFully(b);
      return b;
    }
    byte[] b = new byte[CHUNK];
    int n = 0;
    while (n < len) {
      if (n == b.length) {
        b = Arrays.copyOf(b, (int) Math.min(len, 2L * b.length));
      }
      int k = b.length - n;
      in.readFully(b, n, k);
      n += k;
    }
    return b;
  }

  /** The initial capacity for a collection of n elements read from untrusted input. */
  static int initialCapacity(int n) {
    return Math.min(n, CHUNK / 8);
  }
}
