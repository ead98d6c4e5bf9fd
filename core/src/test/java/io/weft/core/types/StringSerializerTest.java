package io.weft.core.types;

import static io.weft.core.types.Fixtures.read;
import static io.weft.core.types.Fixtures.roundTrip;
import static io.weft.core.types.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StringSerializerTest {
  private static final StringSerializer S = StringSerializer.INSTANCE;

  @Test
  void validStringsRoundTripAsStandardUtf8() throws IOException {
    for (String s : List.of("", "a", "hello, world", "é", "naïve café", "日本語のテキスト", "😀", "a😀b",
        "𝄞 music", "\u0000nul", "\u007f\u0080\u07ff\u0800\uffff", new String(Character.toChars(0x10FFFF)))) {
      assertEquals(s, roundTrip(S, s));
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      byte[] written = write(S, s);
      int prefix = VarInts.sizeOfVarInt(utf8.length);
      assertArrayEquals(utf8, Arrays.copyOfRange(written, prefix, written.length), s);
    }
  }

  @Test
  void fourByteCharactersTakeFourBytes() {
    byte[] written = write(S, "😀");
    assertEquals(5, written.length); // 1 length byte + 4 bytes
    assertEquals(4, written[0]);
  }

  @Test
  void unpairedSurrogatesRoundTripExactly() {
    for (String s : List.of("\ud83d", "\ude00", "x\ud83dy", "\ude00\ud83d", "\ud83d\ud83d\ude00")) {
      assertEquals(s, roundTrip(S, s));
    }
  }

  @Test
  void stringsLongerThan64KiB() {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < 100_000) {
      sb.append("abc 😀 日本 ");
    }
    String mixed = sb.toString();
    assertTrue(mixed.getBytes(StandardCharsets.UTF_8).length > 65536);
    assertEquals(mixed, roundTrip(S, mixed));
    String ascii = "x".repeat(3 * 1024 * 1024); // more than one read chunk
    assertEquals(ascii, roundTrip(S, ascii));
  }

  @Test
  void randomCodePointsRoundTrip() {
    Random random = new Random(42);
    for (int n = 0; n < 500; n++) {
      StringBuilder sb = new StringBuilder();
      int len = random.nextInt(40);
      for (int i = 0; i < len; i++) {
        int kind = random.nextInt(4);
        int cp = kind == 0 ? random.nextInt(0x80) : kind == 1 ? random.nextInt(0x800)
            : kind == 2 ? random.nextInt(0x10000) : 0x10000 + random.nextInt(0x100000);
        sb.appendCodePoint(cp);
      }
      String s = sb.toString();
      assertEquals(s, roundTrip(S, s));
    }
  }

  @Test
  void copyReturnsTheSameImmutableString() {
    String s = "immutable";
    assertSame(s, S.copy(s));
  }

  @Test
  void malformedUtf8IsRejected() throws IOException {
    for (byte[] body : List.of(new byte[] {(byte) 0xC0, (byte) 0x80}, // overlong NUL
        new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0x80}, // overlong
        new byte[] {(byte) 0xFF},
        new byte[] {(byte) 0x80},
        new byte[] {(byte) 0xE6, (byte) 0x97}, // cut in the middle of a character
        new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80})) { // beyond U+10FFFF
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(b);
      VarInts.writeVarInt(out, body.length);
      out.write(body);
      assertThrows(UTFDataFormatException.class, () -> read(S, b.toByteArray()), Arrays.toString(body));
    }
  }
}
