package io.weft.api.datastream;

import java.time.Duration;

/**
 * The first step of an interval join of two streams keyed alike ({@code left.intervalJoin(right)}):
 * set the bounds. Interval joins work in event time: every element needs a timestamp.
 */
public final class IntervalJoin<L, R, K> {
  private final KeyedStream<L, K> left;
  private final KeyedStream<R, K> right;

  IntervalJoin(KeyedStream<L, K> left, KeyedStream<R, K> right) {
    this.left = left;
    this.right = right;
  }

  /** Event time is the only time interval joins support; this is a no-op kept for Flink's API. */
  public IntervalJoin<L, R, K> inEventTime() {
    return this;
  }

  /** Refused, as in Flink: interval joins are only defined in event time. */
  public IntervalJoin<L, R, K> inProcessingTime() {
    throw new UnsupportedOperationException("interval joins are only supported in event time");
  }

  /**
   * A left element at time t joins every right element of its key at a time in
   * [t + lowerBound, t + upperBound]; both bounds inclusive unless made exclusive afterwards.
   */
  public IntervalJoined<L, R, K> between(Duration lowerBound, Duration upperBound) {
    return between(lowerBound.toMillis(), upperBound.toMillis());
  }

  /** {@link #between(Duration, Duration)} in milliseconds. */
  public IntervalJoined<L, R, K> between(long lowerBoundMillis, long upperBoundMillis) {
    if (lowerBoundMillis > upperBoundMillis) {
      throw new IllegalArgumentException("an interval join needs lowerBound <= upperBound, not " + lowerBoundMillis
          + " > " + upperBoundMillis);
    }
    return new IntervalJoined<>(left, right, lowerBoundMillis, upperBoundMillis);
  }
}
