package io.weft.api.windowing.assigners;

import io.weft.api.windowing.windows.TimeWindow;
import java.util.Collection;
import java.util.List;

/** The session assigners' shared parts: one window [t, t + gap) per element, merged when they touch. */
final class SessionWindows {
  private SessionWindows() {}

  static <T> long gapOf(T element, long fixedGap, SessionWindowTimeGapExtractor<T> extractor) {
    if (extractor == null) {
      return fixedGap;
    }
    long gap = extractor.extract(element);
    if (gap <= 0) {
      throw new IllegalArgumentException("a dynamic session gap must be positive; the extractor gave " + gap
          + " ms for " + element);
    }
    return gap;
  }

  static List<TimeWindow> window(long time, long gap) {
    return List.of(new TimeWindow(time, time + gap));
  }

  static void merge(Collection<TimeWindow> windows, MergingWindowAssigner.MergeCallback<TimeWindow> callback) {
    TimeWindow.mergeWindows(windows, callback::merge);
  }
}
