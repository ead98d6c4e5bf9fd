package io.weft.core.config;

import java.time.Duration;
import java.util.Locale;

/** Parses durations written as Flink users write them: "100", "100 ms", "5s", "2 min", "1h". */
public final class Durations {
  private Durations() {}

  public static Duration parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    int i = 0;
    while (i < s.length() && Character.isDigit(s.charAt(i))) {
      i++;
    }
    if (i == 0) {
      throw new IllegalArgumentException("a duration starts with a number, e.g. 100ms, 5s, 2min");
    }
    long n = Long.parseLong(s.substring(0, i));
    String unit = s.substring(i).trim();
    switch (unit) {
      case "":
      case "ms":
      case "milli":
      case "millis":
      case "millisecond":
      case "milliseconds":
        return Duration.ofMillis(n);
      case "s":
      case "sec":
      case "secs":
      case "second":
      case "seconds":
        return Duration.ofSeconds(n);
      case "m":
      case "min":
      case "mins":
      case "minute":
      case "minutes":
        return Duration.ofMinutes(n);
      case "h":
      case "hour":
      case "hours":
        return Duration.ofHours(n);
      case "d":
      case "day":
      case "days":
        return Duration.ofDays(n);
      default:
        throw new IllegalArgumentException("unknown time unit '" + unit + "' (use ms, s, min, h or d)");
    }
  }
}
