package io.weft.api.metrics;

/** A distribution of long values (latencies, sizes): their count and statistics over recent values. */
public interface Histogram extends Metric {
  void update(long value);

  /** Values seen in total (not only those the statistics are over). */
  long getCount();

  HistogramStatistics getStatistics();
}
