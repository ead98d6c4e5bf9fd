package io.weft.core.config;

import java.util.Locale;

/**
 * An amount of memory in bytes. Parses "1024" (megabytes, as {@code -yjm}/{@code -ytm} take it),
 * "1024m", "1024mb", "2g", "512k", "64 b".
 */
public final class MemorySize implements Comparable<MemorySize> {
  private static final long MB = 1024L * 1024;
  private final long bytes;

  private MemorySize(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("memory size must not be negative: " + bytes);
    }
    this.bytes = bytes;
  }

  public static MemorySize ofBytes(long bytes) {
    return new MemorySize(bytes);
  }

  public static MemorySize ofMebiBytes(long mb) {
    return new MemorySize(Math.multiplyExact(mb, MB));
  }

  /** Parses a size; a bare number means megabytes. */
  public static MemorySize parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    int i = 0;
    while (i < s.length() && Character.isDigit(s.charAt(i))) {
      i++;
    }
    if (i == 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a memory size; use a number of megabytes or a unit, e.g. 1024, 1024m, 2g");
    }
    long n;
    try {
      n = Long.parseLong(s.substring(0, i));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is too large a memory size");
    }
    String unit = s.substring(i).trim();
    long factor;
    switch (unit) {
      case "b":
      case "bytes":
        factor = 1;
        break;
      case "k":
      case "kb":
        factor = 1024;
        break;
      case "":
      case "m":
      case "mb":
        factor = MB;
        break;
      case "g":
      case "gb":
        factor = 1024 * MB;
        break;
      case "t":
      case "tb":
        factor = 1024 * 1024 * MB;
        break;
      default:
        throw new IllegalArgumentException(
            "'" + text + "' has an unknown unit '" + unit + "'; use b, k, m, g or t (a bare number is megabytes)");
    }
    try {
      return new MemorySize(Math.multiplyExact(n, factor));
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is too large a memory size");
    }
  }

  public long bytes() {
    return bytes;
  }

  public long mebiBytes() {
    return bytes / MB;
  }

  public MemorySize minus(MemorySize other) {
    return new MemorySize(bytes - other.bytes);
  }

  public MemorySize times(double fraction) {
    return new MemorySize((long) (bytes * fraction));
  }

  @Override
  public int compareTo(MemorySize o) {
    return Long.compare(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MemorySize && ((MemorySize) o).bytes == bytes;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(bytes);
  }

  @Override
  public String toString() {
    return bytes % MB == 0 ? (bytes / MB) + "m" : bytes + "b";
  }
}
