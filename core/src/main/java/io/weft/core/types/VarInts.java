package io.weft.core.types;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Variable-length integers: 7 bits per byte, least significant group first, high bit set on every
 * byte but the last (LEB128, as protobuf writes them). The unsigned forms take 5 (int) or 10 (long)
 * bytes for negative numbers; the signed forms zig-zag encode so that small negative numbers stay
 * short.
 */
public final class VarInts {
  private VarInts() {}

  public static void writeVarInt(DataOutput out, int value) throws IOException {
    while ((value & ~0x7F) != 0) {
      out.writeByte((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.writeByte(value);
  }

  public static int readVarInt(DataInput in) throws IOException {
    int result = 0;
    for (int shift = 0; shift < 28; shift += 7) {
      int b = in.readByte();
      result |= (b & 0x7F) << shift;
      if (b >= 0) {
        return result;
      }
    }
    int b = in.readByte();
    // The fifth byte holds the top 4 bits; anything more is not something we wrote.
    if ((b & 0xF0) != 0) {
      throw new IOException("malformed varint: fifth byte is 0x" + Integer.toHexString(b & 0xFF));
    }
    return result | (b << 28);
  }

  public static void writeVarLong(DataOutput out, long value) throws IOException {
    while ((value & ~0x7FL) != 0) {
      out.writeByte((int) (value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.writeByte((int) value);
  }

  public static long readVarLong(DataInput in) throws IOException {
    long result = 0;
    for (int shift = 0; shift < 63; shift += 7) {
      int b = in.readByte();
      result |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return result;
      }
    }
    int b = in.readByte();
    if ((b & 0xFE) != 0) {
      throw new IOException("malformed varlong: tenth byte is 0x" + Integer.toHexString(b & 0xFF));
    }
    return result | ((long) b << 63);
  }

  public static void writeSignedVarInt(DataOutput out, int value) throws IOException {
    writeVarInt(out, (value << 1) ^ (value >> 31));
  }

  public static int readSignedVarInt(DataInput in) throws IOException {
    int v = readVarInt(in);
    return (v >>> 1) ^ -(v & 1);
  }

  public static void writeSignedVarLong(DataOutput out, long value) throws IOException {
    writeVarLong(out, (value << 1) ^ (value >> 63));
  }

  public static long readSignedVarLong(DataInput in) throws IOException {
    long v = readVarLong(in);
    return (v >>> 1) ^ -(v & 1);
  }

  /** The number of bytes {@link #writeVarInt} writes for this value. */
  public static int sizeOfVarInt(int value) {
    return value == 0 ? 1 : (31 - Integer.numberOfLeadingZeros(value)) / 7 + 1;
  }
}
