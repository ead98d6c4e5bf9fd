package io.weft.dataplane.serialization;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A {@link DataInput} over a window of a {@link ByteBuffer} (a segment or a heap array). Reading
 * past the window's end raises {@link EOFException}, which is how a record that claims fewer
 * bytes than its value needs is caught.
 */
final class SegmentDataInput implements DataInput {
  private ByteBuffer buf;
  private int pos;
  private int limit;

  void reset(ByteBuffer buffer, int offset, int length) {
    this.buf = buffer;
    this.pos = offset;
    this.limit = offset + length;
  }

  int remaining() {
    return limit - pos;
  }

  private int advance(int n) throws EOFException {
    if (limit - pos < n) {
      throw new EOFException("needed " + n + " more bytes, " + (limit - pos) + " left in the record");
    }
    int at = pos;
    pos += n;
    return at;
  }

  @Override
  public void readFully(byte[] b) throws IOException {
    readFully(b, 0, b.length);
  }

  @Override
  public void readFully(byte[] b, int off, int len) throws IOException {
    buf.get(advance(len), b, off, len);
  }

  @Override
  public int skipBytes(int n) {
    int k = Math.max(0, Math.min(n, limit - pos));
    pos += k;
    return k;
  }

  @Override
  public boolean readBoolean() throws IOException {
    return buf.get(advance(1)) != 0;
  }

  @Override
  public byte readByte() throws IOException {
    return buf.get(advance(1));
  }

  @Override
  public int readUnsignedByte() throws IOException {
    return buf.get(advance(1)) & 0xFF;
  }

  @Override
  public short readShort() throws IOException {
    return buf.getShort(advance(2));
  }

  @Override
  public int readUnsignedShort() throws IOException {
    return buf.getShort(advance(2)) & 0xFFFF;
  }

  @Override
  public char readChar() throws IOException {
    return buf.getChar(advance(2));
  }

  @Override
  public int readInt() throws IOException {
    return buf.getInt(advance(4));
  }

  @Override
  public long readLong() throws IOException {
    return buf.getLong(advance(8));
  }

  @Override
  public float readFloat() throws IOException {
    return buf.getFloat(advance(4));
  }

  @Override
  public double readDouble() throws IOException {
    return buf.getDouble(advance(8));
  }

  @Override
  public String readLine() {
    throw new UnsupportedOperationException("readLine is not a record codec operation");
  }

  @Override
  public String readUTF() throws IOException {
    return DataInputStream.readUTF(this);
  }
}
