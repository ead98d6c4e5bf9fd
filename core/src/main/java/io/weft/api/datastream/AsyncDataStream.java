package io.weft.api.datastream;

import io.weft.api.functions.async.AsyncFunction;
import io.weft.api.functions.async.AsyncRetryStrategy;
import io.weft.core.plan.OperatorSpec;
import java.util.concurrent.TimeUnit;

/**
 * Async I/O (Flink's {@code AsyncDataStream}): applies an {@link AsyncFunction} to a stream with at
 * most {@code capacity} inputs in flight. {@code orderedWait} emits results in input order;
 * {@code unorderedWait} emits them as they complete, but never across a watermark. A full operator
 * stops taking input, which backpressures upstream. In-flight inputs are part of checkpoints and
 * are re-issued after a restore. A timeout of 0 means none.
 */
public final class AsyncDataStream {
  /** Flink's default capacity. */
  public static final int DEFAULT_QUEUE_CAPACITY = 100;

  /** Whether results keep the input order. */
  public enum OutputMode {
    ORDERED,
    UNORDERED
  }

  private AsyncDataStream() {}

  public static <IN, OUT> SingleOutputStreamOperator<OUT> orderedWait(DataStream<IN> in,
      AsyncFunction<IN, OUT> func, long timeout, TimeUnit timeUnit) {
    return add(in, func, timeout, timeUnit, DEFAULT_QUEUE_CAPACITY, OutputMode.ORDERED, null);
  }

  public static <IN, OUT> SingleOutputStreamOperator<OUT> orderedWait(DataStream<IN> in,
      AsyncFunction<IN, OUT> func, long timeout, TimeUnit timeUnit, int capacity) {
    return add(in, func, timeout, timeUnit, capacity, OutputMode.ORDERED, null);
  }

  public static <IN, OUT> SingleOutputStreamOperator<OUT> unorderedWait(DataStream<IN> in,
      AsyncFunction<IN, OUT> func, long timeout, TimeUnit timeUnit) {
    return add(in, func, timeout, timeUnit, DEFAULT_QUEUE_CAPACITY, OutputMode.UNORDERED, null);
  }

  public static <IN, OUT> SingleOutputStreamOperator<OUT> unorderedWait(DataStream<IN> in,
      AsyncFunction<IN, OUT> func, long timeout, TimeUnit timeUnit, int capacity) {
    return add(in, func, timeout, timeUnit, capacity, OutputMode.UNORDERED, null);
  }

  public static <IN, OUT> SingleOutputStreamOperator<OUT> orderedWaitWithRetry(DataStream<IN> in,
      AsyncFunction<IN, OUT> func, long timeout, TimeUnit timeUnit, AsyncRetryStrategy<OUT> strategy) {
    return add(in, func, timeout, timeUnit, DEFAULT_QUEUE_CAPACITY, OutputMode.ORDERED, strategy);
  }

  public static <IN, OUT> SingleOutputStreamOperator<OUT> orderedWaitWithRetry(DataStream<IN> in,
      AsyncFunction<IN, OUT> func, long timeout, TimeUnit timeUnit, int capacity, AsyncRetryStrategy<OUT> strategy) {
    return add(in, func, timeout, timeUnit, capacity, OutputMode.ORDERED, strategy);
  }

  public static <IN, OUT> SingleOutputStreamOperator<OUT> unorderedWaitWithRetry(DataStream<IN> in,
      AsyncFunction<IN, OUT> func, long timeout, TimeUnit timeUnit, AsyncRetryStrategy<OUT> strategy) {
    return add(in, func, timeout, timeUnit, DEFAULT_QUEUE_CAPACITY, OutputMode.UNORDERED, strategy);
  }

  public static <IN, OUT> SingleOutputStreamOperator<OUT> unorderedWaitWithRetry(DataStream<IN> in,
      AsyncFunction<IN, OUT> func, long timeout, TimeUnit timeUnit, int capacity, AsyncRetryStrategy<OUT> strategy) {
    return add(in, func, timeout, timeUnit, capacity, OutputMode.UNORDERED, strategy);
  }

  private static <IN, OUT> SingleOutputStreamOperator<OUT> add(DataStream<IN> in, AsyncFunction<IN, OUT> func,
      long timeout, TimeUnit timeUnit, int capacity, OutputMode mode, AsyncRetryStrategy<OUT> strategy) {
    if (func == null) {
      throw new IllegalArgumentException("AsyncDataStream needs an AsyncFunction, got null");
    }
    if (capacity <= 0) {
      throw new IllegalArgumentException("the capacity of an async operator must be positive, got " + capacity);
    }
    if (timeout < 0) {
      throw new IllegalArgumentException("the timeout of an async operator must not be negative (0 means none), got "
          + timeout + " " + timeUnit);
    }
    OperatorSpec spec = new OperatorSpec.AsyncWaitSpec<>(func, timeUnit.toMillis(timeout), capacity,
        mode == OutputMode.ORDERED, strategy);
    return in.apply("Async Wait", spec, TypeGuesses.output(func, AsyncFunction.class, 1));
  }
}
