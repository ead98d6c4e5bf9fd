package io.weft.state.snapshot;

import io.weft.core.types.VarInts;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reading handles and headers from bytes we did not necessarily write (a corrupt file, a bad
 * message): every length and count is checked against a bound before anything is allocated.
 */
public final class BoundedIo {
  /** Longest path or name in a handle or header, in UTF-8 bytes. */
  public static final int MAX_STRING_BYTES = 16 * 1024;

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

  /** A long in {@code min..max}. */
  public static long readLong(DataInput in, long min, long max, String what) throws IOException {
    long v = in.readLong();
    if (v < min || v > max) {
      throw new IOException("corrupt input: " + v + " is not a valid " + what + " (" + min + ".." + max + ")");
    }
    return v;
  }
}
