package io.weft.dataplane.serialization;

import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * A {@link DataOutput} straight into a segment's memory, big-endian; whatever does not fit goes on
 * into an overflow buffer, in order. Serializing in place spares the writer a copy of every record
 * that fits in the current segment.
 */
final class SegmentDataOutput extends OutputStream implements DataOutput {
  private ByteBuffer memory;
  private int pos;
  private int limit;
  private GrowableDataOutput overflow;
  private DataOutputStream utf;

  /** Starts writing at {@code offset} of {@code memory}; {@code overflow} must be empty. */
  void reset(ByteBuffer memory, int offset, GrowableDataOutput overflow) {
    this.memory = memory;
    this.pos = offset;
    this.limit = memory.capacity();
    this.overflow = overflow;
  }

  /** The offset after the last byte written into the segment. */
  int position() {
    return pos;
  }

  boolean overflowed() {
    return overflow.size() > 0;
  }

  @Override
  public void write(int b) {
    if (pos < limit) {
      memory.put(pos++, (byte) b);
    } else {
      overflow.write(b);
    }
  }

  @Override
  public void write(byte[] b) {
    write(b, 0, b.length);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    int k = Math.max(0, Math.min(len, limit - pos));
    if (k > 0) {
      memory.put(pos, b, off, k);
      pos += k;
    }
    if (k < len) {
      overflow.write(b, off + k, len - k);
    }
  }

  @Override
  public void writeBoolean(boolean v) {
    write(v ? 1 : 0);
  }

  @Override
  public void writeByte(int v) {
    write(v);
  }

  @Override
  public void writeShort(int v) {
    if (limit - pos >= 2) {
      memory.putShort(pos, (short) v);
      pos += 2;
    } else {
      write(v >>> 8);
      write(v);
    }
  }

  @Override
  public void writeChar(int v) {
    writeShort(v);
  }

  @Override
  public void writeInt(int v) {
    if (limit - pos >= 4) {
      memory.putInt(pos, v);
      pos += 4;
    } else {
      writeShort(v >>> 16);
      writeShort(v);
    }
  }

  @Override
  public void writeLong(long v) {
    if (limit - pos >= 8) {
      memory.putLong(pos, v);
      pos += 8;
    } else {
      writeInt((int) (v >>> 32));
      writeInt((int) v);
    }
  }

  @Override
  public void writeFloat(float v) {
    writeInt(Float.floatToIntBits(v));
  }

  @Override
  public void writeDouble(double v) {
    writeLong(Double.doubleToLongBits(v));
  }

  @Override
  public void writeBytes(String s) {
    for (int i = 0; i < s.length(); i++) {
      write(s.charAt(i));
    }
  }

  @Override
  public void writeChars(String s) {
    for (int i = 0; i < s.length(); i++) {
      writeChar(s.charAt(i));
    }
  }

  @Override
  public void writeUTF(String s) throws IOException {
    if (utf == null) {
      utf = new DataOutputStream(this);
    }
    utf.writeUTF(s);
  }
}
