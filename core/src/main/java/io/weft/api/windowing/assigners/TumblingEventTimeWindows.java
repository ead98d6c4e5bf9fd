package io.weft.api.windowing.assigners;

import io.weft.api.windowing.triggers.EventTimeTrigger;
import io.weft.api.windowing.triggers.Trigger;
import io.weft.api.windowing.windows.TimeWindow;
import java.time.Duration;
import java.util.Collection;

/**
 * Non-overlapping event-time windows of a fixed size. Windows start at multiples of the size
 * since the epoch, shifted by the offset: {@code of(Duration.ofDays(1), Duration.ofHours(-8))}
 * gives days from midnight in UTC+8.
 */
public final class TumblingEventTimeWindows extends WindowAssigner<Object, TimeWindow> {
  private static final long serialVersionUID = 1L;
  private final long size;
  private final long offset;

  private TumblingEventTimeWindows(long size, long offset) {
    this.size = size;
    this.offset = offset;
  }

  public static TumblingEventTimeWindows of(Duration size) {
    return of(size, Duration.ZERO);
  }

  public static TumblingEventTimeWindows of(Duration size, Duration offset) {
    long s = TimeWindows.positiveMillis(size, "a tumbling window's size");
    return new TumblingEventTimeWindows(s, TimeWindows.offsetMillis(offset, s, "TumblingEventTimeWindows", "size"));
  }

  @Override
  public Collection<TimeWindow> assignWindows(Object element, long timestamp, WindowAssignerContext context) {
    return TimeWindows.tumbling(TimeWindows.requireTimestamp(timestamp, "TumblingEventTimeWindows"), size, offset);
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

  @Override
  public String toString() {
    return "TumblingEventTimeWindows(" + size + (offset != 0 ? ", offset " + offset : "") + ")";
  }
}
