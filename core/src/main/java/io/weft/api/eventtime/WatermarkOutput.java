package io.weft.api.eventtime;

/** Where a {@link WatermarkGenerator} reports event-time progress and idleness. */
public interface WatermarkOutput {
  /**
   * Event time has reached {@code timestamp}: no element at or before it should follow. A
   * watermark that is not above the last one emitted is ignored, so watermarks never go back.
   */
  void emitWatermark(long timestamp);

  /**
   * This input will produce nothing for a while: downstream operators stop waiting for its
   * watermark until it emits a watermark or {@link #markActive()} again.
   */
  void markIdle();

  /** This input produces again after {@link #markIdle()}. */
  void markActive();
}
