package io.weft.dataplane.serialization;

import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A {@link DataOutput} into a growable heap array, big-endian like {@link DataOutputStream} but
 * unsynchronized and reusable: records are staged here before being copied into segments.
 */
final class GrowableDataOutput extends OutputStream implements DataOutput {
  private byte[] buf;
  private int size;
  private DataOutputStream utf;

  GrowableDataOutput(int initialCapacity) {
    buf = new byte[initialCapacity];
  }

  byte[] array() {
    return buf;
  }

  int size() {
    return size;
  }

  void reset() {
    size = 0;
  }

  void putInt(int index, int v) {
    buf[index] = (byte) (v >>> 24);
    buf[index + 1] = (byte) (v >>> 16);
    buf[index + 2] = (byte) (v >>> 8);
    buf[index + 3] = (byte) v;
  }

  private void ensure(int more) {
    int need = size + more;
    if (need < 0) {
      throw new IllegalStateException("record too large to stage: over 2 GiB");
    }
    if (need > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(need, (int) Math.min(Integer.MAX_VALUE - 8, 2L * buf.length)));
    }
  }

  @Override
  public void write(int b) {
    ensure(1);
    buf[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b) {
    write(b, 0, b.length);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
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
    ensure(2);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
  }

  @Override
  public void writeChar(int v) {
    writeShort(v);
  }

  @Override
  public void writeInt(int v) {
    ensure(4);
    putInt(size, v);
    size += 4;
  }

  @Override
  public void writeLong(long v) {
    writeInt((int) (v >>> 32));
    writeInt((int) v);
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
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[size++] = (byte) s.charAt(i);
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
    // Modified UTF-8 is fiddly and unused by Weft's serializers; the JDK's encoder writes through us.
    if (utf == null) {
      utf = new DataOutputStream(this);
    }
    utf.writeUTF(s);
  }
}
