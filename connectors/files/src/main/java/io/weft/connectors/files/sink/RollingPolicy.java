package io.weft.connectors.files.sink;

import java.io.Serializable;
import java.time.Duration;

/**
 * When a row format's part file rolls (Flink's {@code DefaultRollingPolicy}): past a size, an age
 * or a time without writes. Every part file also rolls at each checkpoint, since Weft has no
 * resumable in-progress files; bulk formats roll only there.
 */
public final class RollingPolicy implements Serializable {
  private static final long serialVersionUID = 1L;
  private final long maxPartSize;
  private final long rolloverIntervalMs;
  private final long inactivityIntervalMs;

  private RollingPolicy(long maxPartSize, long rolloverIntervalMs, long inactivityIntervalMs) {
    if (maxPartSize <= 0 || rolloverIntervalMs <= 0 || inactivityIntervalMs <= 0) {
      throw new IllegalArgumentException("rolling policy: part size (" + maxPartSize + " bytes), rollover interval ("
          + rolloverIntervalMs + " ms) and inactivity interval (" + inactivityIntervalMs + " ms) must be positive");
    }
    this.maxPartSize = maxPartSize;
    this.rolloverIntervalMs = rolloverIntervalMs;
    this.inactivityIntervalMs = inactivityIntervalMs;
  }

  /** Flink's defaults: 128 MiB, 60 s, 60 s. */
  public static RollingPolicy defaults() {
    return new RollingPolicy(128L << 20, 60_000, 60_000);
  }

  /** Only at checkpoints: what bulk formats do. */
  static RollingPolicy onCheckpointOnly() {
    return new RollingPolicy(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
  }

  public RollingPolicy withMaxPartSize(long bytes) {
    return new RollingPolicy(bytes, rolloverIntervalMs, inactivityIntervalMs);
  }

  public RollingPolicy withRolloverInterval(Duration interval) {
    return new RollingPolicy(maxPartSize, interval.toMillis(), inactivityIntervalMs);
  }

  public RollingPolicy withInactivityInterval(Duration interval) {
    return new RollingPolicy(maxPartSize, rolloverIntervalMs, interval.toMillis());
  }

  boolean shouldRollOnEvent(long size) {
    return size >= maxPartSize;
  }

  boolean shouldRollOnTime(long now, long createdAt, long lastWriteAt) {
    return now - createdAt >= rolloverIntervalMs || now - lastWriteAt >= inactivityIntervalMs;
  }
}
