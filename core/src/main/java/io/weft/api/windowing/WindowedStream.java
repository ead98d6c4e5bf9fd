package io.weft.api.windowing;

import io.weft.api.datastream.KeyedStream;
import io.weft.api.datastream.OutputTag;
import io.weft.api.datastream.SingleOutputStreamOperator;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.AggregateFunction;
import io.weft.api.functions.ReduceFunction;
import io.weft.api.functions.RichFunction;
import io.weft.api.windowing.assigners.MergingWindowAssigner;
import io.weft.api.windowing.assigners.WindowAssigner;
import io.weft.api.windowing.functions.ProcessWindowFunction;
import io.weft.api.windowing.triggers.Trigger;
import io.weft.api.windowing.windows.Window;
import io.weft.core.plan.OperatorSpec;
import io.weft.core.plan.Transformation.OperatorTransformation;
import io.weft.core.types.TypeInfo;
import java.time.Duration;
import java.util.List;

/**
 * A keyed stream cut into windows, from {@code keyBy(...).window(assigner)}. Configure the trigger,
 * the allowed lateness and the late-data side output, then give the window function, which ends
 * the windowing and returns the stream of results.
 *
 * <p>An element is late when every window it would go to has maxTimestamp + allowed lateness at
 * or below the watermark: it is dropped, or goes to the late-data side output. Within the
 * allowed lateness a late element is still added, and fires its window again (with the default
 * event-time trigger). A window's state goes once the watermark passes maxTimestamp + lateness.
 */
public final class WindowedStream<T, K, W extends Window> {
  private final KeyedStream<T, K> input;
  private final WindowAssigner<? super T, W> assigner;
  private Trigger<? super T, ? super W> trigger;
  private long allowedLateness;
  private OutputTag<T> lateDataTag;

  public WindowedStream(KeyedStream<T, K> input, WindowAssigner<? super T, W> assigner) {
    if (assigner == null) {
      throw new IllegalArgumentException("window(...) needs a window assigner");
    }
    this.input = input;
    this.assigner = assigner;
    this.trigger = assigner.getDefaultTrigger();
  }

  /** Replaces the assigner's default trigger. */
  public WindowedStream<T, K, W> trigger(Trigger<? super T, ? super W> trigger) {
    if (trigger == null) {
      throw new IllegalArgumentException("trigger(...) needs a trigger");
    }
    if (assigner instanceof MergingWindowAssigner && !trigger.canMerge()) {
      throw new UnsupportedOperationException("the merging assigner " + assigner + " cannot be used with "
          + trigger + ", which does not support merging windows");
    }
    this.trigger = trigger;
    return this;
  }

  /** How long after a window's end (in event time) late elements are still added to it; default 0. */
  public WindowedStream<T, K, W> allowedLateness(Duration lateness) {
    if (lateness == null || lateness.isNegative()) {
      throw new IllegalArgumentException("the allowed lateness must not be negative: " + lateness);
    }
    this.allowedLateness = lateness.toMillis();
    return this;
  }

  /** Sends elements that arrive after their windows are gone to the side output {@code tag} instead of dropping them. */
  public WindowedStream<T, K, W> sideOutputLateData(OutputTag<T> tag) {
    if (tag == null) {
      throw new IllegalArgumentException("sideOutputLateData(...) needs an OutputTag");
    }
    this.lateDataTag = tag;
    return this;
  }

  /** Reduces each window's elements as they arrive; emits the reduced value when the window fires. */
  public SingleOutputStreamOperator<T> reduce(ReduceFunction<T> reducer) {
    return build(noRich(reducer, "reduce"), null, new PassThroughWindowFunction<T, K, W>(), input.getType());
  }

  /** Reduces as elements arrive; the window function gets the reduced value (one element) and the window. */
  public <R> SingleOutputStreamOperator<R> reduce(ReduceFunction<T> reducer, ProcessWindowFunction<T, R, K, W> function) {
    return build(noRich(reducer, "reduce"), null, function,
        WindowTypes.output(function, ProcessWindowFunction.class, 1));
  }

  /** Aggregates each window's elements into an accumulator; emits its result when the window fires. */
  public <ACC, R> SingleOutputStreamOperator<R> aggregate(AggregateFunction<T, ACC, R> function) {
    return build(null, noRich(function, "aggregate"), new PassThroughWindowFunction<R, K, W>(),
        WindowTypes.output(function, AggregateFunction.class, 2));
  }

  /** Aggregates as elements arrive; the window function gets the aggregate's result and the window. */
  public <ACC, V, R> SingleOutputStreamOperator<R> aggregate(AggregateFunction<T, ACC, V> aggregate,
      ProcessWindowFunction<V, R, K, W> function) {
    return build(null, noRich(aggregate, "aggregate"), function,
        WindowTypes.output(function, ProcessWindowFunction.class, 1));
  }

  /** Keeps every element of a window and hands them all to {@code function} when the window fires. */
  public <R> SingleOutputStreamOperator<R> process(ProcessWindowFunction<T, R, K, W> function) {
    return build(null, null, function, WindowTypes.output(function, ProcessWindowFunction.class, 1));
  }

  /**
   * Incremental functions live in state descriptors, shared by every window; like Flink, Weft
   * keeps them plain and leaves the rich life cycle to the window function.
   */
  private static <F> F noRich(F function, String method) {
    if (function == null) {
      throw new IllegalArgumentException(method + "(...) needs a function");
    }
    if (function instanceof RichFunction) {
      throw new UnsupportedOperationException("the function of a window's " + method + "(...) cannot be a "
          + "RichFunction; do rich work in a ProcessWindowFunction passed along with it");
    }
    return function;
  }

  private <R> SingleOutputStreamOperator<R> build(ReduceFunction<T> reducer, AggregateFunction<T, ?, ?> aggregate,
      ProcessWindowFunction<?, ?, K, W> function, TypeInfo<R> outputType) {
    if (function == null) {
      throw new IllegalArgumentException("the window function must not be null");
    }
    OperatorSpec spec = new OperatorSpec.WindowSpec<>(input.getKeySelector(), assigner, trigger, allowedLateness,
        lateDataTag, reducer, aggregate, function);
    StreamEnvironment env = input.getExecutionEnvironment();
    OperatorTransformation<R> t = new OperatorTransformation<>(env.nextId(),
        "Window(" + assigner + ", " + trigger + ")", spec, List.of(input.getTransformation()));
    t.setOutputType(outputType);
    env.addTransformation(t);
    return new SingleOutputStreamOperator<>(env, t);
  }
}
