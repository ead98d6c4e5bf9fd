package io.weft.api.windowing.assigners;

import io.weft.api.windowing.triggers.ProcessingTimeTrigger;
import io.weft.api.windowing.triggers.Trigger;
import io.weft.api.windowing.windows.TimeWindow;
import java.time.Duration;
import java.util.Collection;

/** Overlapping windows of the task's clock: size {@code size}, a new one every {@code slide}. */
public final class SlidingProcessingTimeWindows extends WindowAssigner<Object, TimeWindow> {
  private static final long serialVersionUID = 1L;
  private final long size;
  private final long slide;
  private final long offset;

  private SlidingProcessingTimeWindows(long size, long slide, long offset) {
    this.size = size;
    this.slide = slide;
    this.offset = offset;
  }

  public static SlidingProcessingTimeWindows of(Duration size, Duration slide) {
    return of(size, slide, Duration.ZERO);
  }

  public static SlidingProcessingTimeWindows of(Duration size, Duration slide, Duration offset) {
    long s = TimeWindows.positiveMillis(size, "a sliding window's size");
    long sl = TimeWindows.positiveMillis(slide, "a sliding window's slide");
    return new SlidingProcessingTimeWindows(s, sl,
        TimeWindows.offsetMillis(offset, sl, "SlidingProcessingTimeWindows", "slide"));
  }

  @Override
  public Collection<TimeWindow> assignWindows(Object element, long timestamp, WindowAssignerContext context) {
    return TimeWindows.sliding(context.getCurrentProcessingTime(), size, slide, offset);
  }

  @Override
  public Trigger<Object, TimeWindow> getDefaultTrigger() {
    return ProcessingTimeTrigger.create();
  }

  @Override
  public boolean isEventTime() {
    return false;
  }

  @Override
  public String toString() {
    return "SlidingProcessingTimeWindows(" + size + ", " + slide + ")";
  }
}
