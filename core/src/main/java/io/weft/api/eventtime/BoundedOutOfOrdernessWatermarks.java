package io.weft.api.eventtime;

import java.time.Duration;

/**
 * Periodic watermarks for elements that arrive at most {@code outOfOrderness} late: the watermark
 * is the highest timestamp seen minus the out-of-orderness minus 1 ms. The extra millisecond is
 * Flink's: an element exactly {@code outOfOrderness} behind the maximum is still on time.
 */
public class BoundedOutOfOrdernessWatermarks<T> implements WatermarkGenerator<T> {
  private final long outOfOrderness;
  private long maxTimestamp;

  public BoundedOutOfOrdernessWatermarks(Duration maxOutOfOrderness) {
    if (maxOutOfOrderness == null || maxOutOfOrderness.isNegative()) {
      throw new IllegalArgumentException("the out-of-orderness must not be negative: " + maxOutOfOrderness);
    }
    this.outOfOrderness = maxOutOfOrderness.toMillis();
    // Chosen so that the first periodic watermark, before any element, is Long.MIN_VALUE.
    this.maxTimestamp = Long.MIN_VALUE + outOfOrderness + 1;
  }

  @Override
  public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
    maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    output.emitWatermark(maxTimestamp - outOfOrderness - 1);
  }
}
