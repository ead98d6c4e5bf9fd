package io.weft.api.metrics;

import java.util.Arrays;

/**
 * A {@link Histogram} over the last {@code windowSize} values (a ring buffer). Updates come from the
 * task's thread and statistics are taken on the reporting thread, so both hold the lock; an update
 * is a few stores, and statistics copy the window once.
 */
public final class DescriptiveStatisticsHistogram implements Histogram {
  private final long[] window;
  private long count;

  public DescriptiveStatisticsHistogram(int windowSize) {
    if (windowSize <= 0) {
      throw new IllegalArgumentException("a histogram's window size must be positive, got " + windowSize);
    }
    this.window = new long[windowSize];
  }

  @Override
  public synchronized void update(long value) {
    window[(int) (count % window.length)] = value;
    count++;
  }

  @Override
  public synchronized long getCount() {
    return count;
  }

  @Override
  public HistogramStatistics getStatistics() {
    long[] values;
    synchronized (this) {
      values = Arrays.copyOf(window, (int) Math.min(count, window.length));
    }
    return new Statistics(values);
  }

  /** Statistics of a fixed set of values, sorted once. */
  static final class Statistics extends HistogramStatistics {
    private final long[] sorted;

    Statistics(long[] values) {
      this.sorted = values.clone();
      Arrays.sort(sorted);
    }

    /** Linear interpolation between the two closest ranks ({@code (n + 1) * q}, as commons-math's default). */
    @Override
    public double getQuantile(double quantile) {
      if (quantile < 0 || quantile > 1 || Double.isNaN(quantile)) {
        throw new IllegalArgumentException("a quantile must be within 0..1, got " + quantile);
      }
      int n = sorted.length;
      if (n == 0) {
        return 0;
      }
      double pos = quantile * (n + 1);
      if (pos < 1) {
        return sorted[0];
      }
      if (pos >= n) {
        return sorted[n - 1];
      }
      int lower = (int) Math.floor(pos);
      double d = pos - lower;
      return sorted[lower - 1] + d * (sorted[lower] - sorted[lower - 1]);
    }

    @Override
    public long[] getValues() {
      return sorted.clone();
    }

    @Override
    public int size() {
      return sorted.length;
    }

    @Override
    public double getMean() {
      if (sorted.length == 0) {
        return 0;
      }
      double sum = 0;
      for (long v : sorted) {
        sum += v;
      }
      return sum / sorted.length;
    }

    /** The sample standard deviation (n - 1). */
    @Override
    public double getStdDev() {
      if (sorted.length < 2) {
        return 0;
      }
      double mean = getMean();
      double squares = 0;
      for (long v : sorted) {
        squares += (v - mean) * (v - mean);
      }
      return Math.sqrt(squares / (sorted.length - 1));
    }

    @Override
    public long getMax() {
      return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
    }

    @Override
    public long getMin() {
      return sorted.length == 0 ? 0 : sorted[0];
    }
  }
}
