package io.weft.api.eventtime;

/**
 * Emits no watermarks: event time stands still until the input ends (a bounded input still ends
 * with the final watermark, which fires every event-time window and timer).
 */
public final class NoWatermarksGenerator<T> implements WatermarkGenerator<T> {
  @Override
  public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {}
}
