package io.weft.api.metrics;

/** Events per second, averaged over a time span, and their count. */
public interface Meter extends Metric {
  void markEvent();

  void markEvent(long n);

  /** Events per second over the meter's time span, as of its last update. */
  double getRate();

  long getCount();
}
