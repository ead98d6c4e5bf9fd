package io.weft.api.metrics;

/** Something a {@link MetricGroup} reports: a {@link Counter}, {@link Gauge}, {@link Meter} or {@link Histogram}. */
public interface Metric {}
