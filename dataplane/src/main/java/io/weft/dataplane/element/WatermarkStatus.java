package io.weft.dataplane.element;

/**
 * Whether a channel's producer is idle: an idle channel sends no elements for a while, so its
 * watermark must not hold back the consumer's. Sent in-band, like a watermark, so it is ordered
 * with the elements around it.
 */
public record WatermarkStatus(boolean idle) {
  public static final WatermarkStatus IDLE = new WatermarkStatus(true);
  public static final WatermarkStatus ACTIVE = new WatermarkStatus(false);

  public boolean isActive() {
    return !idle;
  }

  @Override
  public String toString() {
    return idle ? "WatermarkStatus(IDLE)" : "WatermarkStatus(ACTIVE)";
  }
}
