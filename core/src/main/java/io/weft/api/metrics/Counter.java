package io.weft.api.metrics;

/** A count that goes up (and down): records seen, errors, cache misses. */
public interface Counter extends Metric {
  void inc();

  void inc(long n);

  void dec();

  void dec(long n);

  long getCount();
}
