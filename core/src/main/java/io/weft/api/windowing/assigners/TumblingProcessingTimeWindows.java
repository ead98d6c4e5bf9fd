package io.weft.api.windowing.assigners;

import io.weft.api.windowing.triggers.ProcessingTimeTrigger;
import io.weft.api.windowing.triggers.Trigger;
import io.weft.api.windowing.windows.TimeWindow;
import java.time.Duration;
import java.util.Collection;

/** Non-overlapping windows of the task's clock: an element goes to the window of its arrival time. */
public final class TumblingProcessingTimeWindows extends WindowAssigner<Object, TimeWindow> {
  private static final long serialVersionUID = 1L;
  private final long size;
  private final long offset;

  private TumblingProcessingTimeWindows(long size, long offset) {
    this.size = size;
    this.offset = offset;
  }

  public static TumblingProcessingTimeWindows of(Duration size) {
    return of(size, Duration.ZERO);
  }

  public static TumblingProcessingTimeWindows of(Duration size, Duration offset) {
    long s = TimeWindows.positiveMillis(size, "a tumbling window's size");
    return new TumblingProcessingTimeWindows(s,
        TimeWindows.offsetMillis(offset, s, "TumblingProcessingTimeWindows", "size"));
  }

  @Override
  public Collection<TimeWindow> assignWindows(Object element, long timestamp, WindowAssignerContext context) {
    return TimeWindows.tumbling(context.getCurrentProcessingTime(), size, offset);
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
    return "TumblingProcessingTimeWindows(" + size + (offset != 0 ? ", offset " + offset : "") + ")";
  }
}
