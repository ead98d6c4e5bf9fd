package io.weft.api.eventtime;

import java.time.Duration;

/**
 * Wraps a generator and marks the input idle when no element arrived for the idle timeout, so
 * that an input without data does not hold back event time downstream. Activity is counted per
 * element and only compared with the clock at periodic emission, keeping the clock off the
 * per-element path; so idleness is noticed between timeout and timeout plus one interval after
 * the last element.
 */
public final class WatermarksWithIdleness<T> implements WatermarkGenerator<T> {
  private final WatermarkGenerator<T> watermarks;
  private final WatermarkGeneratorSupplier.Context clock;
  private final long idleTimeout;
  private long events;
  private long eventsAtLastCheck;
  private long quietSince;

  public WatermarksWithIdleness(WatermarkGenerator<T> watermarks, Duration idleTimeout,
      WatermarkGeneratorSupplier.Context clock) {
    if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("the idle timeout must be positive: " + idleTimeout);
    }
    this.watermarks = watermarks;
    this.clock = clock;
    this.idleTimeout = idleTimeout.toMillis();
    this.quietSince = clock.currentProcessingTime();
  }

  @Override
  public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
    events++;
    watermarks.onEvent(event, eventTimestamp, output);
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    long now = clock.currentProcessingTime();
    if (events != eventsAtLastCheck) {
      eventsAtLastCheck = events;
      quietSince = now;
      // Active again (if it was idle) even when the watermark does not advance.
      output.markActive();
    } else if (now - quietSince >= idleTimeout) {
      output.markIdle();
      return;
    }
    watermarks.onPeriodicEmit(output);
  }
}
