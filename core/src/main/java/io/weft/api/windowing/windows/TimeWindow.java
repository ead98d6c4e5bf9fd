package io.weft.api.windowing.windows;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** The time interval [start, end): start included, end excluded, so maxTimestamp() is end - 1. */
public final class TimeWindow extends Window {
  private final long start;
  private final long end;

  public TimeWindow(long start, long end) {
    if (end < start) {
      throw new IllegalArgumentException("a window cannot end (" + end + ") before it starts (" + start + ")");
    }
    this.start = start;
    this.end = end;
  }

  public long getStart() {
    return start;
  }

  public long getEnd() {
    return end;
  }

  @Override
  public long maxTimestamp() {
    return end - 1;
  }

  /**
   * Whether the two windows overlap or touch. Touching counts, as in Flink: session windows
   * [0, 10) and [10, 20) come from elements exactly one gap apart and form one session.
   */
  public boolean intersects(TimeWindow other) {
    return start <= other.end && end >= other.start;
  }

  /** The smallest window containing both. */
  public TimeWindow cover(TimeWindow other) {
    return new TimeWindow(Math.min(start, other.start), Math.max(end, other.end));
  }

  /**
   * The start of the window of length {@code windowSize} that contains {@code timestamp}, with
   * windows aligned to {@code offset}: Flink's {@code timestamp - (timestamp - offset + size) %
   * size}, computed with floorMod so that it also holds for timestamps far before the epoch.
   */
  public static long getWindowStartWithOffset(long timestamp, long offset, long windowSize) {
    return timestamp - Math.floorMod(timestamp - offset, windowSize);
  }

  /**
   * Groups the windows that overlap (transitively, after sorting by start) and reports each group
   * of two or more with the window covering it.
   */
  public static void mergeWindows(Collection<TimeWindow> windows, MergeCallback callback) {
    List<TimeWindow> sorted = new ArrayList<>(windows);
    sorted.sort(Comparator.comparingLong(TimeWindow::getStart));
    List<TimeWindow> group = new ArrayList<>();
    TimeWindow cover = null;
    for (TimeWindow w : sorted) {
      if (cover != null && cover.intersects(w)) {
        group.add(w);
        cover = cover.cover(w);
      } else {
        if (group.size() > 1) {
          callback.merge(group, cover);
        }
        group = new ArrayList<>();
        group.add(w);
        cover = w;
      }
    }
    if (group.size() > 1) {
      callback.merge(group, cover);
    }
  }

  /** Receives one group of windows to merge and the window that covers them. */
  @FunctionalInterface
  public interface MergeCallback {
    void merge(Collection<TimeWindow> toBeMerged, TimeWindow mergeResult);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TimeWindow w && w.start == start && w.end == end;
  }

  @Override
  public int hashCode() {
    // Windows of one assigner differ by multiples of their slide: mix, or hash tables collide.
    return Long.hashCode((start * 0x9E3779B97F4A7C15L) ^ end);
  }

  @Override
  public String toString() {
    return "TimeWindow{start=" + start + ", end=" + end + "}";
  }
}
