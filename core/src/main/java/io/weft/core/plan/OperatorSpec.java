package io.weft.core.plan;

import io.weft.api.datastream.OutputTag;
import io.weft.api.eventtime.WatermarkStrategy;
import io.weft.api.functions.AggregateFunction;
import io.weft.api.functions.FilterFunction;
import io.weft.api.functions.FlatMapFunction;
import io.weft.api.functions.KeySelector;
import io.weft.api.functions.KeyedProcessFunction;
import io.weft.api.functions.MapFunction;
import io.weft.api.functions.ProcessFunction;
import io.weft.api.functions.ReduceFunction;
import io.weft.api.sink.Sink;
import io.weft.api.source.Source;
import io.weft.api.windowing.assigners.WindowAssigner;
import io.weft.api.windowing.functions.ProcessWindowFunction;
import io.weft.api.windowing.triggers.Trigger;
import io.weft.api.windowing.windows.Window;
import java.io.Serializable;

/**
 * What an operator of the plan does, declaratively: its kind and the user's function. The
 * TaskManager turns a spec into a running operator; the plan itself holds no runtime code.
 */
public interface OperatorSpec extends Serializable {

  /** The user object behind the operator (function, source or sink), for messages and fingerprints. */
  Object userObject();

  /** True for specs whose operator keeps per-key state and so needs a keyed input. */
  default boolean isKeyed() {
    return false;
  }

  /** True for specs of operators with two inputs (see {@link TwoInputSpecs}): edges say which side they feed. */
  default boolean isTwoInput() {
    return false;
  }

  /** True when a keyed two-input operator's second input is a broadcast stream rather than keyed. */
  default boolean isBroadcastOnSecondInput() {
    return false;
  }

  /**
   * Async I/O: {@code function} per input, at most {@code capacity} inputs in flight, each given
   * {@code timeoutMillis} (0: none) over all its attempts; {@code retryStrategy} null for none.
   */
  record AsyncWaitSpec<I, O>(io.weft.api.functions.async.AsyncFunction<I, O> function, long timeoutMillis,
      int capacity, boolean ordered, io.weft.api.functions.async.AsyncRetryStrategy<O> retryStrategy)
      implements OperatorSpec {
    public Object userObject() {
      return function;
    }
  }

  record SourceSpec<T>(Source<T> source) implements OperatorSpec {
    public Object userObject() {
      return source;
    }
  }

  record MapSpec<I, O>(MapFunction<I, O> function) implements OperatorSpec {
    public Object userObject() {
      return function;
    }
  }

  record FlatMapSpec<I, O>(FlatMapFunction<I, O> function) implements OperatorSpec {
    public Object userObject() {
      return function;
    }
  }

  record FilterSpec<T>(FilterFunction<T> function) implements OperatorSpec {
    public Object userObject() {
      return function;
    }
  }

  record ProcessSpec<I, O>(ProcessFunction<I, O> function) implements OperatorSpec {
    public Object userObject() {
      return function;
    }
  }

  record KeyedProcessSpec<K, I, O>(KeySelector<I, K> keySelector, KeyedProcessFunction<K, I, O> function)
      implements OperatorSpec {
    public Object userObject() {
      return function;
    }

    public boolean isKeyed() {
      return true;
    }
  }

  record KeyedReduceSpec<K, T>(KeySelector<T, K> keySelector, ReduceFunction<T> function)
      implements OperatorSpec {
    public Object userObject() {
      return function;
    }

    public boolean isKeyed() {
      return true;
    }
  }

  record SinkSpec<T>(Sink<T> sink) implements OperatorSpec {
    public Object userObject() {
      return sink;
    }
  }

  /** Gives elements their event-time timestamps and emits watermarks ({@code assignTimestampsAndWatermarks}). */
  record TimestampsAndWatermarksSpec<T>(WatermarkStrategy<T> strategy) implements OperatorSpec {
    public Object userObject() {
      return strategy;
    }
  }

  /**
   * A window operator ({@code window(...)} and {@code windowAll(...)}). A window keeps every
   * element when both {@code reduceFunction} and {@code aggregateFunction} are null, else the
   * running reduction or the aggregate's accumulator; {@code windowFunction} evaluates a firing
   * window (for a plain reduce or aggregate, one that passes the value on). {@code lateDataTag}
   * is null when late elements are dropped.
   */
  record WindowSpec<K, T, W extends Window>(
      KeySelector<T, K> keySelector,
      WindowAssigner<? super T, W> assigner,
      Trigger<? super T, ? super W> trigger,
      long allowedLateness,
      OutputTag<T> lateDataTag,
      ReduceFunction<T> reduceFunction,
      AggregateFunction<T, ?, ?> aggregateFunction,
      ProcessWindowFunction<?, ?, K, W> windowFunction) implements OperatorSpec {
    public Object userObject() {
      return aggregateFunction != null ? aggregateFunction : reduceFunction != null ? reduceFunction : windowFunction;
    }

    public boolean isKeyed() {
      return true;
    }
  }
}
