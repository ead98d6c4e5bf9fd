package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Limits of the message codec, and the write side of its field encodings. */
final class Wire {
  /** Longest string field, in UTF-8 bytes; checked on write so that a peer never has to reject it. */
  static final int MAX_STRING_BYTES = 1024 * 1024;
  /** Most elements in a list field. */
  static final int MAX_LIST_SIZE = 1 << 20;
  /**
   * Free-text fields (failure messages) are cut to this many chars rather than rejected: a task that
   * failed with a huge message must still be able to report that it failed.
   */
  static final int MAX_TEXT_CHARS = 64 * 1024;

  private Wire() {}

  static void writeString(DataOutput out, String field, String value) throws IOException {
    byte[] b = value.getBytes(StandardCharsets.UTF_8);
    if (b.length > MAX_STRING_BYTES) {
      throw new IllegalArgumentException(
          field + " is " + b.length + " bytes in UTF-8, more than the limit of " + MAX_STRING_BYTES);
    }
    out.writeInt(b.length);
    out.write(b);
  }

  /** The largest opaque byte field (a task's state description in a checkpoint acknowledgement). */
  static final int MAX_BYTES = 8 * 1024 * 1024;

  static void writeBytes(DataOutput out, String field, byte[] value) throws IOException {
    if (value.length > MAX_BYTES) {
      throw new IllegalArgumentException(field + " is " + value.length + " bytes, more than the limit of " + MAX_BYTES);
    }
    out.writeInt(value.length);
    out.write(value);
  }

  static void writeCount(DataOutput out, String field, List<?> list) throws IOException {
    if (list.size() > MAX_LIST_SIZE) {
      throw new IllegalArgumentException(
          field + " has " + list.size() + " elements, more than the limit of " + MAX_LIST_SIZE);
    }
    out.writeInt(list.size());
  }

  static String truncate(String text) {
    if (text.length() <= MAX_TEXT_CHARS) {
      return text;
    }
    // The result stays within the limit, so that decoding a cut text does not cut it again.
    String marker = "... (truncated, " + text.length() + " chars in all)";
    int cut = MAX_TEXT_CHARS - marker.length();
    if (Character.isHighSurrogate(text.charAt(cut - 1))) {
      cut--;
    }
    return text.substring(0, cut) + marker;
  }

  static int nonNegative(int value, String field) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " must not be negative, got " + value);
    }
    return value;
  }

  static long nonNegative(long value, String field) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " must not be negative, got " + value);
    }
    return value;
  }

  static int port(int value, String field) {
    if (value < 0 || value > 65535) {
      throw new IllegalArgumentException(field + " must be a TCP port (0..65535), got " + value);
    }
    return value;
  }
}
