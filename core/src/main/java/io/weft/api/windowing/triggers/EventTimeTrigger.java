package io.weft.api.windowing.triggers;

import io.weft.api.windowing.windows.TimeWindow;

/**
 * Fires once the watermark passes the window's end (its maxTimestamp), the default of event-time
 * assigners. An element arriving for a window the watermark already passed (late, but within the
 * allowed lateness) fires the window again at once, as in Flink.
 */
public final class EventTimeTrigger extends Trigger<Object, TimeWindow> {
  private static final long serialVersionUID = 1L;

  private EventTimeTrigger() {}

  public static EventTimeTrigger create() {
    return new EventTimeTrigger();
  }

  @Override
  public TriggerResult onElement(Object element, long timestamp, TimeWindow window, TriggerContext ctx) {
    if (window.maxTimestamp() <= ctx.getCurrentWatermark()) {
      return TriggerResult.FIRE;
    }
    ctx.registerEventTimeTimer(window.maxTimestamp());
    return TriggerResult.CONTINUE;
  }

  @Override
  public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx) {
    // The operator's cleanup timer of the same window can fire here too; only the end fires.
    return time == window.maxTimestamp() ? TriggerResult.FIRE : TriggerResult.CONTINUE;
  }

  @Override
  public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext ctx) {
    return TriggerResult.CONTINUE;
  }

  @Override
  public boolean canMerge() {
    return true;
  }

  @Override
  public void onMerge(TimeWindow window, OnMergeContext ctx) {
    // A merged window whose end the watermark already passed fires on its next element instead.
    if (window.maxTimestamp() > ctx.getCurrentWatermark()) {
      ctx.registerEventTimeTimer(window.maxTimestamp());
    }
  }

  @Override
  public void clear(TimeWindow window, TriggerContext ctx) {
    ctx.deleteEventTimeTimer(window.maxTimestamp());
  }

  @Override
  public String toString() {
    return "EventTimeTrigger()";
  }
}
