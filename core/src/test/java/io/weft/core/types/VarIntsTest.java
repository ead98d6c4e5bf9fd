package io.weft.core.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class VarIntsTest {
  private static final int[] INTS = {0, 1, 63, 64, 127, 128, 300, 16383, 16384, 1 << 21, 1 << 28,
      Integer.MAX_VALUE, -1, -2, -64, -65, -128, -300, Integer.MIN_VALUE, Integer.MIN_VALUE + 1};
  private static final long[] LONGS = {0, 1, 127, 128, 1L << 35, 1L << 56, 1L << 62, Long.MAX_VALUE, -1, -129,
      Integer.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private static byte[] bytes(Writer w) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    w.write(new DataOutputStream(b));
    return b.toByteArray();
  }

  private static DataInputStream in(byte[] b) {
    return new DataInputStream(new ByteArrayInputStream(b));
  }

  @Test
  void unsignedIntsRoundTripIncludingNegatives() throws IOException {
    for (int v : INTS) {
      byte[] b = bytes(out -> VarInts.writeVarInt(out, v));
      assertEquals(VarInts.sizeOfVarInt(v), b.length, "size of " + v);
      assertEquals(v, VarInts.readVarInt(in(b)));
    }
    assertEquals(1, bytes(out -> VarInts.writeVarInt(out, 127)).length);
    assertEquals(2, bytes(out -> VarInts.writeVarInt(out, 128)).length);
    assertEquals(5, bytes(out -> VarInts.writeVarInt(out, -1)).length);
  }

  @Test
  void signedIntsStayShortForSmallNegatives() throws IOException {
    for (int v : INTS) {
      byte[] b = bytes(out -> VarInts.writeSignedVarInt(out, v));
      assertEquals(v, VarInts.readSignedVarInt(in(b)));
    }
    assertEquals(1, bytes(out -> VarInts.writeSignedVarInt(out, -1)).length);
    assertEquals(1, bytes(out -> VarInts.writeSignedVarInt(out, -64)).length);
  }

  @Test
  void longsRoundTrip() throws IOException {
    for (long v : LONGS) {
      assertEquals(v, VarInts.readVarLong(in(bytes(out -> VarInts.writeVarLong(out, v)))));
      assertEquals(v, VarInts.readSignedVarLong(in(bytes(out -> VarInts.writeSignedVarLong(out, v)))));
    }
    assertEquals(10, bytes(out -> VarInts.writeVarLong(out, -1L)).length);
    assertEquals(1, bytes(out -> VarInts.writeSignedVarLong(out, -1L)).length);
  }

  @Test
  void truncatedVarIntThrowsEof() throws IOException {
    byte[] b = bytes(out -> VarInts.writeVarInt(out, 1 << 20));
    assertThrows(EOFException.class, () -> VarInts.readVarInt(in(java.util.Arrays.copyOf(b, b.length - 1))));
    assertThrows(EOFException.class, () -> VarInts.readVarLong(in(new byte[] {(byte) 0x80})));
    assertThrows(EOFException.class, () -> VarInts.readVarInt(in(new byte[0])));
  }

  @Test
  void overlongVarIntIsRejected() {
    byte[] sixBytes = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01};
    IOException e = assertThrows(IOException.class, () -> VarInts.readVarInt(in(sixBytes)));
    assertEquals(false, e instanceof EOFException);
    byte[] elevenBytes = new byte[11];
    java.util.Arrays.fill(elevenBytes, (byte) 0xFF);
    assertThrows(IOException.class, () -> VarInts.readVarLong(in(elevenBytes)));
  }
}
