package io.weft.api.windowing.assigners;

import io.weft.api.windowing.windows.TimeWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Shared arithmetic and checks of the time-based assigners. */
final class TimeWindows {
  private TimeWindows() {}

  static long positiveMillis(Duration d, String what) {
    if (d == null || d.toMillis() <= 0) {
      throw new IllegalArgumentException(what + " must be at least 1 ms, not " + d);
    }
    return d.toMillis();
  }

  static long offsetMillis(Duration offset, long bound, String assigner, String boundName) {
    long millis = offset == null ? 0 : offset.toMillis();
    if (Math.abs(millis) >= bound) {
      throw new IllegalArgumentException(assigner + " needs abs(offset) < " + boundName + "; offset " + millis
          + " ms, " + boundName + " " + bound + " ms");
    }
    return millis;
  }

  static long requireTimestamp(long timestamp, String assigner) {
    if (timestamp == Long.MIN_VALUE) {
      throw new IllegalStateException(assigner + " got an element without a timestamp: event-time windows need "
          + "timestamps, from the source or from assignTimestampsAndWatermarks(...)");
    }
    return timestamp;
  }

  static List<TimeWindow> tumbling(long timestamp, long size, long offset) {
    long start = TimeWindow.getWindowStartWithOffset(timestamp, offset, size);
    return List.of(new TimeWindow(start, start + size));
  }

  /** Every window [start, start + size) with start on the slide grid and start <= t < start + size. */
  static Collection<TimeWindow> sliding(long timestamp, long size, long slide, long offset) {
    List<TimeWindow> windows = new ArrayList<>((int) (size / slide) + 1);
    long lastStart = TimeWindow.getWindowStartWithOffset(timestamp, offset, slide);
    for (long start = lastStart; start > timestamp - size; start -= slide) {
      windows.add(new TimeWindow(start, start + size));
    }
    return windows;
  }
}
