package io.weft.api.datastream;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.KeySelector;
import io.weft.api.functions.KeyedProcessFunction;
import io.weft.api.functions.ReduceFunction;
import io.weft.api.windowing.WindowedStream;
import io.weft.api.windowing.assigners.WindowAssigner;
import io.weft.api.windowing.windows.Window;
import io.weft.core.plan.OperatorSpec;
import io.weft.core.plan.Transformation;
import io.weft.core.types.TypeInfo;

/**
 * A stream grouped by key. Operators on it see one key at a time: their state and timers are
 * the current key's. In STREAMING mode aggregations emit every update; in BATCH mode one final
 * value per key.
 */
public final class KeyedStream<T, K> extends DataStream<T> {
  private final KeySelector<T, K> keySelector;

  KeyedStream(StreamEnvironment environment, Transformation<T> transformation, KeySelector<T, K> keySelector) {
    super(environment, transformation);
    this.keySelector = keySelector;
  }

  public KeySelector<T, K> getKeySelector() {
    return keySelector;
  }

  /** The key's type, or null where it could not be determined (declare it with keyBy(selector, type)). */
  @SuppressWarnings("unchecked")
  public TypeInfo<K> getKeyType() {
    return transformation instanceof Transformation.PartitionTransformation<?> pt
        ? (TypeInfo<K>) pt.getPartitioning().keyType() : null;
  }

  /**
   * Joins this stream with {@code other}, keyed alike, over an interval of event time: set the
   * bounds with {@code between(lower, upper)}, then {@code process(ProcessJoinFunction)}.
   */
  public <T2> IntervalJoin<T, T2, K> intervalJoin(KeyedStream<T2, K> other) {
    return new IntervalJoin<>(this, other);
  }

  /** Combines the elements of each key with {@code reducer}. */
  public SingleOutputStreamOperator<T> reduce(ReduceFunction<T> reducer) {
    return apply("Keyed Reduce", new OperatorSpec.KeyedReduceSpec<>(keySelector, reducer), getType());
  }

  /** Sums field {@code position} of a tuple (or the element itself for position 0 of a number). */
  public SingleOutputStreamOperator<T> sum(int position) {
    return aggregate(FieldAggregator.position(FieldAggregator.Kind.SUM, position));
  }

  /** Sums the named public field of a POJO. */
  public SingleOutputStreamOperator<T> sum(String field) {
    return aggregate(FieldAggregator.field(FieldAggregator.Kind.SUM, field));
  }

  /** Keeps the smallest value of field {@code position}; the other fields are the first element's. */
  public SingleOutputStreamOperator<T> min(int position) {
    return aggregate(FieldAggregator.position(FieldAggregator.Kind.MIN, position));
  }

  /** Keeps the largest value of field {@code position}; the other fields are the first element's. */
  public SingleOutputStreamOperator<T> max(int position) {
    return aggregate(FieldAggregator.position(FieldAggregator.Kind.MAX, position));
  }

  private SingleOutputStreamOperator<T> aggregate(FieldAggregator<T> aggregator) {
    return apply("Keyed Aggregation", new OperatorSpec.KeyedReduceSpec<>(keySelector, aggregator), getType());
  }

  /** Runs a function with per-key state and timers on every element. */
  public <R> SingleOutputStreamOperator<R> process(KeyedProcessFunction<K, T, R> function) {
    return apply("Keyed Process", new OperatorSpec.KeyedProcessSpec<>(keySelector, function),
        TypeGuesses.output(function, KeyedProcessFunction.class, 2));
  }

  /** Cuts each key's elements into the windows {@code assigner} gives; a window function ends the windowing. */
  public <W extends Window> WindowedStream<T, K, W> window(WindowAssigner<? super T, W> assigner) {
    return new WindowedStream<>(this, assigner);
  }
}
