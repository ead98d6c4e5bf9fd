package io.weft.api.windowing.assigners;

import io.weft.api.windowing.triggers.EventTimeTrigger;
import io.weft.api.windowing.triggers.Trigger;
import io.weft.api.windowing.windows.TimeWindow;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Non-overlapping event-time windows of a fixed size. Windows start at multiples of the size
 * since the epoch, shifted by the offset: {@code of(Duration.ofDays(1), Duration.ofHours(-8))}
 * gives days from midnight in UTC+8.
 */
public final class TumblingEventTimeWindows extends WindowAssigner<Object, TimeWindow> {
  private static final long serialVersionUID = 1L;
  private final long size;
  private final long offset;
  /**
   * The last two windows assigned, handed out again while elements fall into them (out-of-order
   * elements alternate between two): no division and no new window per element, and the one
   * window object lets state and timers compare namespaces by reference. Immutable, so subtasks
   * that share this assigner at worst replace each other's.
   */
  private transient Recent recent;

  private record Recent(List<TimeWindow> newer, List<TimeWindow> older) {
    static boolean holds(List<TimeWindow> windows, long timestamp) {
      TimeWindow w = windows.get(0);
      return w.getStart() <= timestamp && timestamp <= w.maxTimestamp();
    }
  }

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
    long t = TimeWindows.requireTimestamp(timestamp, "TumblingEventTimeWindows");
    Recent r = recent;
    if (r != null) {
      if (Recent.holds(r.newer(), t)) {
        return r.newer();
      }
      if (r.older() != null && Recent.holds(r.older(), t)) {
        return r.older();
      }
    }
    List<TimeWindow> windows = TimeWindows.tumbling(t, size, offset);
    recent = new Recent(windows, r == null ? null : r.newer());
    return windows;
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
