package io.weft.api.windowing;

import io.weft.api.datastream.DataStream;
import io.weft.api.datastream.OutputTag;
import io.weft.api.datastream.SingleOutputStreamOperator;
import io.weft.api.functions.AggregateFunction;
import io.weft.api.functions.KeySelector;
import io.weft.api.functions.ReduceFunction;
import io.weft.api.windowing.assigners.WindowAssigner;
import io.weft.api.windowing.functions.ProcessAllWindowFunction;
import io.weft.api.windowing.triggers.Trigger;
import io.weft.api.windowing.windows.Window;
import io.weft.core.types.TypeInfo;
import java.time.Duration;

/**
 * A non-keyed stream cut into windows, from {@code windowAll(assigner)}. As in Flink, every
 * element goes to one subtask (the operator runs with parallelism 1): it is a keyed window
 * operator over one constant key, so windows behave exactly as on a keyed stream.
 */
public final class AllWindowedStream<T, W extends Window> {
  private final WindowedStream<T, Byte, W> windowed;

  public AllWindowedStream(DataStream<T> input, WindowAssigner<? super T, W> assigner) {
    this.windowed = new WindowedStream<>(input.keyBy(new NullByteKey<>()), assigner);
  }

  public AllWindowedStream<T, W> trigger(Trigger<? super T, ? super W> trigger) {
    windowed.trigger(trigger);
    return this;
  }

  public AllWindowedStream<T, W> allowedLateness(Duration lateness) {
    windowed.allowedLateness(lateness);
    return this;
  }

  public AllWindowedStream<T, W> sideOutputLateData(OutputTag<T> tag) {
    windowed.sideOutputLateData(tag);
    return this;
  }

  public SingleOutputStreamOperator<T> reduce(ReduceFunction<T> reducer) {
    return single(windowed.reduce(reducer));
  }

  public <R> SingleOutputStreamOperator<R> reduce(ReduceFunction<T> reducer, ProcessAllWindowFunction<T, R, W> function) {
    return single(windowed.reduce(reducer, new AllWindowFunctionAdapter<>(function)), function);
  }

  public <ACC, R> SingleOutputStreamOperator<R> aggregate(AggregateFunction<T, ACC, R> function) {
    return single(windowed.aggregate(function));
  }

  public <ACC, V, R> SingleOutputStreamOperator<R> aggregate(AggregateFunction<T, ACC, V> aggregate,
      ProcessAllWindowFunction<V, R, W> function) {
    return single(windowed.aggregate(aggregate, new AllWindowFunctionAdapter<>(function)), function);
  }

  public <R> SingleOutputStreamOperator<R> process(ProcessAllWindowFunction<T, R, W> function) {
    return single(windowed.process(new AllWindowFunctionAdapter<>(function)), function);
  }

  private static <R> SingleOutputStreamOperator<R> single(SingleOutputStreamOperator<R> op) {
    op.getTransformation().setName(op.getTransformation().getName().replaceFirst("^Window", "WindowAll"));
    return op.setParallelism(1);
  }

  /** The adapter hides the user's class from type extraction: read the output type from the user's function. */
  private static <R> SingleOutputStreamOperator<R> single(SingleOutputStreamOperator<R> op, Object function) {
    if (function == null) {
      throw new IllegalArgumentException("the window function must not be null");
    }
    TypeInfo<R> type = WindowTypes.output(function, ProcessAllWindowFunction.class, 1);
    op.getTransformation().setOutputType(type);
    return single(op);
  }

  /** The one key of a windowAll: every element goes to the same (the only) subtask. */
  static final class NullByteKey<T> implements KeySelector<T, Byte> {
    private static final long serialVersionUID = 1L;

    @Override
    public Byte getKey(T value) {
      return 0;
    }
  }
}
