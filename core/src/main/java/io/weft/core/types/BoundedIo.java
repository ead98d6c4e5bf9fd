package io.weft.core.types;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reading lengths, counts, strings and byte arrays from bytes we did not necessarily write (a
 * corrupt file, a bad message): every length and count is checked against a bound before
 * anything is allocated, and a long array grows only as its bytes actually arrive. The one helper
 * for the record serializers, snapshot files, handles and headers.
 */
public final class BoundedIo {
  /** Longest path or name in a handle or header, in UTF-8 bytes. */
  public static final int MAX_STRING_BYTES = 16 * 1024;
  /**
   * Arrays longer than this are read in growing chunks, so that a corrupt length prefix fails with
   * an EOFException when the data runs out instead of first allocating gigabytes.
   */
  public static final int CHUNK = 1 << 20;

  private BoundedIo() {}

  public static void writeString(DataOutput out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length > MAX_STRING_BYTES) {
      throw new IOException("string of " + b.length + " bytes is longer than " + MAX_STRING_BYTES + ": "
          + s.substring(0, 64) + "...");
    }
    VarInts.writeVarInt(out, b.length);
    out.write(b);
  }

  /** A string {@link #writeString} wrote: at most {@link #MAX_STRING_BYTES}. */
  public static String readString(DataInput in, String what) throws IOException {
    int n = readCount(in, MAX_STRING_BYTES, what);
    byte[] b = new byte[n];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  /** A varint count in {@code 0..max}. */
  public static int readCount(DataInput in, int max, String what) throws IOException {
    int n = VarInts.readVarInt(in);
    if (n < 0 || n > max) {
      throw new IOException("corrupt input: " + n + " is not a valid size for " + what + " (0.." + max + ")");
    }
    return n;
  }

  /** A varint length of any non-negative size; read what it counts with {@link #readBytes}. */
  public static int readLength(DataInput in, String what) throws IOException {
    int n = VarInts.readVarInt(in);
    if (n < 0) {
      throw new IOException("corrupt input: negative length " + n + " for " + what);
    }
    return n;
  }

  /** A long in {@code min..max}. */
  public static long readLong(DataInput in, long min, long max, String what) throws IOException {
    long v = in.readLong();
    if (v < min || v > max) {
      throw new IOException("corrupt input: " + v + " is not a valid " + what + " (" + min + ".." + max + ")");
    }
    return v;
  }

  /** {@code len} bytes, allocated in growing chunks past {@link #CHUNK}. */
  public static byte[] readBytes(DataInput in, int len) throws IOException {
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
  public static int initialCapacity(int n) {
    return Math.min(n, CHUNK / 8);
  }
}
