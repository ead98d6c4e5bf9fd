package io.weft.api.windowing.assigners;

import io.weft.api.windowing.triggers.ProcessingTimeTrigger;
import io.weft.api.windowing.triggers.Trigger;
import io.weft.api.windowing.windows.TimeWindow;
import java.time.Duration;
import java.util.Collection;

/** Sessions of the task's clock: a session ends when no element arrived for the gap. */
public final class ProcessingTimeSessionWindows<T> extends MergingWindowAssigner<T, TimeWindow> {
  private static final long serialVersionUID = 1L;
  private final long gap;
  private final SessionWindowTimeGapExtractor<T> gapExtractor;

  private ProcessingTimeSessionWindows(long gap, SessionWindowTimeGapExtractor<T> gapExtractor) {
    this.gap = gap;
    this.gapExtractor = gapExtractor;
  }

  public static <T> ProcessingTimeSessionWindows<T> withGap(Duration gap) {
    return new ProcessingTimeSessionWindows<>(TimeWindows.positiveMillis(gap, "a session gap"), null);
  }

  public static <T> ProcessingTimeSessionWindows<T> withDynamicGap(SessionWindowTimeGapExtractor<T> extractor) {
    if (extractor == null) {
      throw new IllegalArgumentException("withDynamicGap needs a gap extractor");
    }
    return new ProcessingTimeSessionWindows<>(0, extractor);
  }

  @Override
  public Collection<TimeWindow> assignWindows(T element, long timestamp, WindowAssignerContext context) {
    return SessionWindows.window(context.getCurrentProcessingTime(), SessionWindows.gapOf(element, gap, gapExtractor));
  }

  @Override
  public void mergeWindows(Collection<TimeWindow> windows, MergeCallback<TimeWindow> callback) {
    SessionWindows.merge(windows, callback);
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Trigger<T, TimeWindow> getDefaultTrigger() {
    return (Trigger) ProcessingTimeTrigger.create();
  }

  @Override
  public boolean isEventTime() {
    return false;
  }

  @Override
  public String toString() {
    return gapExtractor == null ? "ProcessingTimeSessionWindows(" + gap + ")"
        : "ProcessingTimeSessionWindows(dynamic gap)";
  }
}
