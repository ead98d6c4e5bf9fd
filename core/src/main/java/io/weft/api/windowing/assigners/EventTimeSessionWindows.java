package io.weft.api.windowing.assigners;

import io.weft.api.windowing.triggers.EventTimeTrigger;
import io.weft.api.windowing.triggers.Trigger;
import io.weft.api.windowing.windows.TimeWindow;
import java.time.Duration;
import java.util.Collection;

/**
 * Sessions in event time: each element opens the window [t, t + gap); windows that overlap or
 * touch merge, so a session ends after a gap without elements.
 */
public final class EventTimeSessionWindows<T> extends MergingWindowAssigner<T, TimeWindow> {
  private static final long serialVersionUID = 1L;
  private final long gap;
  private final SessionWindowTimeGapExtractor<T> gapExtractor;

  private EventTimeSessionWindows(long gap, SessionWindowTimeGapExtractor<T> gapExtractor) {
    this.gap = gap;
    this.gapExtractor = gapExtractor;
  }

  public static <T> EventTimeSessionWindows<T> withGap(Duration gap) {
    return new EventTimeSessionWindows<>(TimeWindows.positiveMillis(gap, "a session gap"), null);
  }

  /** Sessions whose gap each element chooses (in milliseconds). */
  public static <T> EventTimeSessionWindows<T> withDynamicGap(SessionWindowTimeGapExtractor<T> extractor) {
    if (extractor == null) {
      throw new IllegalArgumentException("withDynamicGap needs a gap extractor");
    }
    return new EventTimeSessionWindows<>(0, extractor);
  }

  @Override
  public Collection<TimeWindow> assignWindows(T element, long timestamp, WindowAssignerContext context) {
    long t = TimeWindows.requireTimestamp(timestamp, "EventTimeSessionWindows");
    return SessionWindows.window(t, SessionWindows.gapOf(element, gap, gapExtractor));
  }

  @Override
  public void mergeWindows(Collection<TimeWindow> windows, MergeCallback<TimeWindow> callback) {
    SessionWindows.merge(windows, callback);
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Trigger<T, TimeWindow> getDefaultTrigger() {
    return (Trigger) EventTimeTrigger.create();
  }

  @Override
  public boolean isEventTime() {
    return true;
  }

  @Override
  public String toString() {
    return gapExtractor == null ? "EventTimeSessionWindows(" + gap + ")" : "EventTimeSessionWindows(dynamic gap)";
  }
}
