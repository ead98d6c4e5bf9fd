package io.weft.dataplane.element;

/** Event time has reached {@code timestamp}: no element with an earlier timestamp should follow. */
public record Watermark(long timestamp) {
  /** Sent when a bounded input ends: fires every pending event-time timer and window. */
  public static final Watermark MAX = new Watermark(Long.MAX_VALUE);
}
