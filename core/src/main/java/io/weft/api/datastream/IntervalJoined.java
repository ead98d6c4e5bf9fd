package io.weft.api.datastream;

import io.weft.api.functions.co.ProcessJoinFunction;
import io.weft.core.plan.TwoInputSpecs;
import io.weft.core.types.TypeInfo;

/**
 * An interval join with its bounds: choose exclusive bounds and late-data side outputs, then the
 * {@link ProcessJoinFunction} that gets every joined pair. An element is late when its timestamp
 * is below the join's watermark (the smaller of both inputs'); late elements are dropped or sent
 * to their side output. Buffered elements are removed once the watermark passes the last time
 * they could still join.
 */
public final class IntervalJoined<L, R, K> {
  private final KeyedStream<L, K> left;
  private final KeyedStream<R, K> right;
  private final long lowerBound;
  private final long upperBound;
  private boolean lowerBoundInclusive = true;
  private boolean upperBoundInclusive = true;
  private OutputTag<L> leftLateDataTag;
  private OutputTag<R> rightLateDataTag;

  IntervalJoined(KeyedStream<L, K> left, KeyedStream<R, K> right, long lowerBound, long upperBound) {
    this.left = left;
    this.right = right;
    this.lowerBound = lowerBound;
    this.upperBound = upperBound;
  }

  public IntervalJoined<L, R, K> lowerBoundExclusive() {
    this.lowerBoundInclusive = false;
    return this;
  }

  public IntervalJoined<L, R, K> upperBoundExclusive() {
    this.upperBoundInclusive = false;
    return this;
  }

  /** Late left elements go to {@code tag} instead of being dropped. */
  public IntervalJoined<L, R, K> sideOutputLeftLateData(OutputTag<L> tag) {
    this.leftLateDataTag = java.util.Objects.requireNonNull(tag, "tag");
    return this;
  }

  /** Late right elements go to {@code tag} instead of being dropped. */
  public IntervalJoined<L, R, K> sideOutputRightLateData(OutputTag<R> tag) {
    this.rightLateDataTag = java.util.Objects.requireNonNull(tag, "tag");
    return this;
  }

  public <O> SingleOutputStreamOperator<O> process(ProcessJoinFunction<L, R, O> function) {
    return process(function, TypeGuesses.output(function, ProcessJoinFunction.class, 2));
  }

  public <O> SingleOutputStreamOperator<O> process(ProcessJoinFunction<L, R, O> function, TypeInfo<O> outputType) {
    ConnectedStreams<L, R> connected = new ConnectedStreams<>(left.getExecutionEnvironment(), left, right);
    TypeInfo<?> k1 = left.getKeyType();
    TypeInfo<?> k2 = right.getKeyType();
    if (k1 != null && k2 != null && !k1.toString().equals(k2.toString())) {
      throw new UnsupportedOperationException("The key types of the interval-joined streams don't match: "
          + k1 + " and " + k2);
    }
    return connected.transform("Interval Join", new TwoInputSpecs.IntervalJoinSpec<>(left.getKeySelector(),
        right.getKeySelector(), lowerBound, upperBound, lowerBoundInclusive, upperBoundInclusive, leftLateDataTag,
        rightLateDataTag, function), outputType);
  }
}
