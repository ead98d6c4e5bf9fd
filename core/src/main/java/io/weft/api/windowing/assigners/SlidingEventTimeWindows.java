package io.weft.api.windowing.assigners;

import io.weft.api.windowing.triggers.EventTimeTrigger;
import io.weft.api.windowing.triggers.Trigger;
import io.weft.api.windowing.windows.TimeWindow;
import java.time.Duration;
import java.util.Collection;

/**
 * Event-time windows of a fixed size that start every {@code slide}, so an element belongs to
 * about size / slide windows. Starts are multiples of the slide, shifted by the offset.
 */
public final class SlidingEventTimeWindows extends WindowAssigner<Object, TimeWindow> {
  private static final long serialVersionUID = 1L;
  private final long size;
  private final long slide;
  private final long offset;

  private SlidingEventTimeWindows(long size, long slide, long offset) {
    this.size = size;
    this.slide = slide;
    this.offset = offset;
  }

  public static SlidingEventTimeWindows of(Duration size, Duration slide) {
    return of(size, slide, Duration.ZERO);
  }

  public static SlidingEventTimeWindows of(Duration size, Duration slide, Duration offset) {
    long s = TimeWindows.positiveMillis(size, "a sliding window's size");
    long sl = TimeWindows.positiveMillis(slide, "a sliding window's slide");
    return new SlidingEventTimeWindows(s, sl, TimeWindows.offsetMillis(offset, sl, "SlidingEventTimeWindows", "slide"));
  }

  @Override
  public Collection<TimeWindow> assignWindows(Object element, long timestamp, WindowAssignerContext context) {
    return TimeWindows.sliding(TimeWindows.requireTimestamp(timestamp, "SlidingEventTimeWindows"), size, slide, offset);
  }

  @Override
  public Trigger<Object, TimeWindow> getDefaultTrigger() {
    return EventTimeTrigger.create();
  }

  @Override
  public boolean isEventTime() {
    return true;
  }

  public long getSize() {
    return size;
  }

  public long getSlide() {
    return slide;
  }

  public long getOffset() {
    return offset;
  }

  @Override
  public String toString() {
    return "SlidingEventTimeWindows(" + size + ", " + slide + (offset != 0 ? ", offset " + offset : "") + ")";
  }
}
