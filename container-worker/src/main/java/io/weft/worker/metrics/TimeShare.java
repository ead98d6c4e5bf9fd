package io.weft.worker.metrics;

import io.weft.api.metrics.Gauge;
import io.weft.api.metrics.View;
import java.util.function.LongSupplier;

/**
 * Milliseconds per second spent in a state (backpressured, idle), from a running total of
 * nanoseconds, over the interval between two updates: Flink's {@code backPressuredTimeMsPerSecond}
 * and {@code idleTimeMsPerSecond}. {@link #busy} is the rest of the second.
 */
final class TimeShare implements Gauge<Double>, View {
  private final LongSupplier totalNanos;
  private long lastTotal;
  private long lastAt = System.nanoTime();
  private volatile double msPerSecond;

  TimeShare(LongSupplier totalNanos) {
    this.totalNanos = totalNanos;
    this.lastTotal = totalNanos.getAsLong();
  }

  @Override
  public synchronized void update() {
    long now = System.nanoTime();
    long total = totalNanos.getAsLong();
    if (now > lastAt) {
      msPerSecond = Math.max(0, Math.min(1000.0, (total - lastTotal) * 1000.0 / (now - lastAt)));
    }
    lastTotal = total;
    lastAt = now;
  }

  @Override
  public Double getValue() {
    return msPerSecond;
  }

  /** The time of each second spent in none of the given states. */
  static Gauge<Double> busy(TimeShare... others) {
    return () -> {
      double rest = 1000;
      for (TimeShare t : others) {
        rest -= t.msPerSecond;
      }
      return Math.max(0, rest);
    };
  }
}
