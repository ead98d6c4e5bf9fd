package io.weft.api.metrics;

/**
 * A value read when metrics are reported (every heartbeat): a queue's size, a cache's hit ratio.
 * Numbers and booleans (as 0 or 1) are reported; gauges of other types are kept out of reports, as
 * Flink's Prometheus reporter does. Called from the reporting thread, so it must be safe to call
 * from another thread than the task's.
 */
@FunctionalInterface
public interface Gauge<T> extends Metric {
  T getValue();
}
