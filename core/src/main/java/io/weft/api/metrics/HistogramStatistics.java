package io.weft.api.metrics;

/** A histogram's values at one moment, and their statistics. */
public abstract class HistogramStatistics {
  /** The value below which {@code quantile} (0 to 1) of the values lie. */
  public abstract double getQuantile(double quantile);

  public abstract long[] getValues();

  public abstract int size();

  public abstract double getMean();

  public abstract double getStdDev();

  public abstract long getMax();

  public abstract long getMin();
}
