package io.weft.core.types;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link String} as a varint byte count followed by its UTF-8 bytes.
 *
 * <p>Not {@link DataOutput#writeUTF}: that is limited to 64 KiB and uses modified UTF-8. Characters
 * outside the BMP (surrogate pairs) become standard 4-byte sequences. A Java string may also hold
 * an unpaired surrogate, which is not Unicode and which {@code String.getBytes(UTF_8)} would replace
 * with '?'; it is written as its 3-byte generalized UTF-8 form (as WTF-8 does) so that every Java
 * string round-trips exactly.
 */
public final class StringSerializer implements TypeSerializer<String> {
  public static final StringSerializer INSTANCE = new StringSerializer();

  private StringSerializer() {}

  @Override
  public void serialize(String value, DataOutput out) throws IOException {
    if (value == null) {
      throw Io.nullValue("String");
    }
    int chars = value.length();
    long len = encodedLength(value);
    if (len > Integer.MAX_VALUE - 8) {
      throw new IOException("string of " + chars + " chars is too long to write (" + len + " UTF-8 bytes)");
    }
    VarInts.writeVarInt(out, (int) len);
    // All ASCII: the JDK copies Latin-1 strings with an intrinsic, far faster than a loop here.
    byte[] bytes = len == chars ? value.getBytes(StandardCharsets.ISO_8859_1) : encode(value, (int) len);
    out.write(bytes);
  }

  @Override
  public String deserialize(DataInput in) throws IOException {
    int len = BoundedIo.readLength(in, "a string");
    byte[] bytes = BoundedIo.readBytes(in, len);
    for (byte b : bytes) {
      if (b < 0) {
        return decode(bytes);
      }
    }
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  @Override
  public String copy(String value) {
    return value;
  }

  @Override
  public int fixedLength() {
    return -1;
  }

  static long encodedLength(String s) {
    int n = s.length();
    long len = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        if (c < 0x800) {
          len += 1;
        } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          len += 2; // 4 bytes for the two chars
          i++;
        } else {
          len += 2;
        }
      }
    }
    return len;
  }

  private static byte[] encode(String s, int len) {
    byte[] b = new byte[len];
    int p = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        b[p++] = (byte) c;
      } else if (c < 0x800) {
        b[p++] = (byte) (0xC0 | (c >> 6));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        b[p++] = (byte) (0xF0 | (cp >> 18));
        b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        b[p++] = (byte) (0xE0 | (c >> 12));
        b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return b;
  }

  private static String decode(byte[] b) throws IOException {
    char[] chars = new char[b.length];
    int n = 0;
    int i = 0;
    while (i < b.length) {
      int b0 = b[i] & 0xFF;
      if (b0 < 0x80) {
        chars[n++] = (char) b0;
        i++;
      } else if (b0 >= 0xC2 && b0 <= 0xDF) {
        chars[n++] = (char) (((b0 & 0x1F) << 6) | continuation(b, i, 1));
        i += 2;
      } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        int c = ((b0 & 0x0F) << 12) | (continuation(b, i, 1) << 6) | continuation(b, i, 2);
        if (c < 0x800) {
          throw malformed(i);
        }
        chars[n++] = (char) c;
        i += 3;
      } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        int cp = ((b0 & 0x07) << 18) | (continuation(b, i, 1) << 12) | (continuation(b, i, 2) << 6)
            | continuation(b, i, 3);
        if (cp < 0x10000 || cp > Character.MAX_CODE_POINT) {
          throw malformed(i);
        }
        chars[n++] = Character.highSurrogate(cp);
        chars[n++] = Character.lowSurrogate(cp);
        i += 4;
      } else {
        throw malformed(i);
      }
    }
    return new String(chars, 0, n);
  }

  private static int continuation(byte[] b, int start, int k) throws IOException {
    int i = start + k;
    if (i >= b.length || (b[i] & 0xC0) != 0x80) {
      throw malformed(start);
    }
    return b[i] & 0x3F;
  }

  private static IOException malformed(int at) {
    return new UTFDataFormatException("corrupt input: malformed UTF-8 sequence at byte " + at + " of a string");
  }
}
