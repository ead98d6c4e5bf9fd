package io.weft.api.metrics;

/**
 * A {@link Meter} over a {@link Counter}: the rate is the counter's growth over the last
 * {@code timeSpanInSeconds}, worked out at each {@link #update()} from the counts and times of
 * earlier updates (so irregular update intervals do not skew it). Before the span is full, the
 * rate is over the time since the first update.
 */
public final class MeterView implements Meter, View {
  private final Counter counter;
  private final long spanNanos;
  /** Counts and their times of past updates, oldest first, a ring of {@code size} entries. */
  private final long[] counts;
  private final long[] times;
  private int first;
  private int size;
  private volatile double rate;

  public MeterView(int timeSpanInSeconds) {
    this(new SimpleCounter(), timeSpanInSeconds);
  }

  public MeterView(Counter counter) {
    this(counter, 60);
  }

  public MeterView(Counter counter, int timeSpanInSeconds) {
    if (timeSpanInSeconds < UPDATE_INTERVAL_SECONDS) {
      throw new IllegalArgumentException("a MeterView's time span must be at least " + UPDATE_INTERVAL_SECONDS
          + " seconds (its update interval), got " + timeSpanInSeconds);
    }
    this.counter = counter;
    this.spanNanos = timeSpanInSeconds * 1_000_000_000L;
    // Room for updates somewhat more frequent than the nominal interval.
    int slots = 2 * (timeSpanInSeconds / UPDATE_INTERVAL_SECONDS) + 2;
    this.counts = new long[slots];
    this.times = new long[slots];
  }

  @Override
  public void markEvent() {
    counter.inc();
  }

  @Override
  public void markEvent(long n) {
    counter.inc(n);
  }

  @Override
  public long getCount() {
    return counter.getCount();
  }

  @Override
  public double getRate() {
    return rate;
  }

  @Override
  public void update() {
    update(System.nanoTime());
  }

  /** {@link #update()} at a given time of {@link System#nanoTime()}'s clock (tests). */
  public synchronized void update(long nowNanos) {
    long count = counter.getCount();
    // Drop samples older than the span, but keep the newest of them as the span's start.
    while (size > 1 && nowNanos - times[(first + 1) % times.length] >= spanNanos) {
      first = (first + 1) % times.length;
      size--;
    }
    if (size == times.length) {
      first = (first + 1) % times.length;
      size--;
    }
    if (size > 0) {
      long elapsed = nowNanos - times[first];
      rate = elapsed <= 0 ? rate : (count - counts[first]) * 1e9 / elapsed;
    }
    int at = (first + size) % times.length;
    counts[at] = count;
    times[at] = nowNanos;
    size++;
  }
}
