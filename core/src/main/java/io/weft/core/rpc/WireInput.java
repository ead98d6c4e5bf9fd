package io.weft.core.rpc;

import java.io.DataInput;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The read side of the field encodings. It counts bytes so that errors can name the offset, and
 * checks every length before allocating, because the bytes come from the network.
 */
final class WireInput {
  /** A field that is present but unacceptable; RpcCodec adds the message type. */
  static final class MalformedField extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedField(String message) {
      super(message);
    }
  }

  private final DataInput in;
  private long position;
  private long fieldStart;
  private String field = "type";

  WireInput(DataInput in) {
    this.in = in;
  }

  /** Bytes consumed so far. */
  long position() {
    return position;
  }

  /** Where the field being read (or that failed) starts. */
  long fieldStart() {
    return fieldStart;
  }

  /** The name of the field being read (or that failed). */
  String field() {
    return field;
  }

  int readUnsignedByte(String name) throws IOException {
    begin(name);
    int v = in.readUnsignedByte();
    position += 1;
    return v;
  }

  boolean readBoolean(String name) throws IOException {
    int v = readUnsignedByte(name);
    if (v > 1) {
      throw new MalformedField(name + " must be 0 or 1, not " + v);
    }
    return v == 1;
  }

  short readShort(String name) throws IOException {
    begin(name);
    short v = in.readShort();
    position += 2;
    return v;
  }

  int readInt(String name) throws IOException {
    begin(name);
    int v = in.readInt();
    position += 4;
    return v;
  }

  long readLong(String name) throws IOException {
    begin(name);
    long v = in.readLong();
    position += 8;
    return v;
  }

  String readString(String name) throws IOException {
    begin(name);
    int length = in.readInt();
    position += 4;
    if (length < 0 || length > Wire.MAX_STRING_BYTES) {
      throw new MalformedField(
          "string length " + length + " of field " + name + " is outside 0.." + Wire.MAX_STRING_BYTES);
    }
    byte[] b = new byte[length];
    in.readFully(b);
    position += length;
    try {
      // Strict decoding: a replacement character would hide corruption.
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedField("field " + name + " is not valid UTF-8");
    }
  }

  /** An int length and that many bytes, at most {@link Wire#MAX_BYTES}. */
  byte[] readBytes(String name) throws IOException {
    begin(name);
    int length = in.readInt();
    position += 4;
    if (length < 0 || length > Wire.MAX_BYTES) {
      throw new MalformedField("byte length " + length + " of field " + name + " is outside 0.." + Wire.MAX_BYTES);
    }
    byte[] b = new byte[length];
    in.readFully(b);
    position += length;
    return b;
  }

  /** A list length, checked before the caller allocates anything for the elements. */
  int readCount(String name) throws IOException {
    begin(name);
    int n = in.readInt();
    position += 4;
    if (n < 0 || n > Wire.MAX_LIST_SIZE) {
      throw new MalformedField("list " + name + " claims " + n + " elements, outside 0.." + Wire.MAX_LIST_SIZE);
    }
    return n;
  }

  /** Initial capacity for a list of n elements: a lying count must not reserve memory by itself. */
  static int capacity(int n) {
    return Math.min(n, 1024);
  }

  private void begin(String name) {
    field = name;
    fieldStart = position;
  }

  static boolean isTruncation(IOException e) {
    return e instanceof EOFException;
  }
}
