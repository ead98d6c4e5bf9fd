package io.weft.api.eventtime;

/**
 * Decides when event time advances. A punctuated generator emits from {@link #onEvent} (e.g. on
 * marker elements); a periodic one remembers what it saw and emits from {@link #onPeriodicEmit},
 * which the runtime calls every {@code pipeline.auto-watermark-interval}. Both run on the task's
 * thread, never concurrently.
 */
public interface WatermarkGenerator<T> {
  /** Called for every element, after its timestamp was assigned. */
  void onEvent(T event, long eventTimestamp, WatermarkOutput output);

  /** Called periodically; may emit a watermark or mark the input idle. */
  void onPeriodicEmit(WatermarkOutput output);
}
