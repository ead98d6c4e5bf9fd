package io.weft.api.datastream;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.eventtime.WatermarkStrategy;
import io.weft.api.functions.FilterFunction;
import io.weft.api.functions.FlatMapFunction;
import io.weft.api.functions.KeySelector;
import io.weft.api.functions.MapFunction;
import io.weft.api.functions.ProcessFunction;
import io.weft.api.sink.CollectSink;
import io.weft.api.sink.FileSink;
import io.weft.api.sink.PrintSink;
import io.weft.api.sink.Sink;
import io.weft.api.sink.TextFileSink;
import io.weft.api.windowing.AllWindowedStream;
import io.weft.api.windowing.assigners.WindowAssigner;
import io.weft.api.windowing.windows.Window;
import io.weft.core.config.CoreOptions;
import io.weft.core.plan.OperatorSpec;
import io.weft.core.plan.Partitioning;
import io.weft.core.plan.Transformation;
import io.weft.core.plan.Transformation.OperatorTransformation;
import io.weft.core.plan.Transformation.PartitionTransformation;
import io.weft.core.plan.Transformation.UnionTransformation;
import io.weft.core.types.TypeInfo;
import java.util.ArrayList;
import java.util.List;

/** A stream of elements of type T, and the operations that make new streams from it. */
public class DataStream<T> {
  protected final StreamEnvironment environment;
  protected final Transformation<T> transformation;

  public DataStream(StreamEnvironment environment, Transformation<T> transformation) {
    this.environment = environment;
    this.transformation = transformation;
  }

  public StreamEnvironment getExecutionEnvironment() {
    return environment;
  }

  public Transformation<T> getTransformation() {
    return transformation;
  }

  /** The element type, or null where it could not be determined. */
  public TypeInfo<T> getType() {
    return transformation.getOutputType();
  }

  public int getParallelism() {
    return transformation.getParallelism() > 0 ? transformation.getParallelism() : environment.getParallelism();
  }

  // ---- element-wise ----

  public <R> SingleOutputStreamOperator<R> map(MapFunction<T, R> mapper) {
    return apply("Map", new OperatorSpec.MapSpec<>(mapper), TypeGuesses.output(mapper, MapFunction.class, 1));
  }

  public <R> SingleOutputStreamOperator<R> flatMap(FlatMapFunction<T, R> flatMapper) {
    return apply("Flat Map", new OperatorSpec.FlatMapSpec<>(flatMapper),
        TypeGuesses.output(flatMapper, FlatMapFunction.class, 1));
  }

  public SingleOutputStreamOperator<T> filter(FilterFunction<T> filter) {
    return apply("Filter", new OperatorSpec.FilterSpec<>(filter), getType());
  }

  public <R> SingleOutputStreamOperator<R> process(ProcessFunction<T, R> function) {
    return apply("Process", new OperatorSpec.ProcessSpec<>(function),
        TypeGuesses.output(function, ProcessFunction.class, 1));
  }

  // ---- event time and windows ----

  /**
   * Gives every element its event-time timestamp and emits watermarks, both as {@code strategy}
   * says; watermarks from upstream are replaced (only the final one of a bounded input passes).
   */
  public SingleOutputStreamOperator<T> assignTimestampsAndWatermarks(WatermarkStrategy<T> strategy) {
    if (strategy == null) {
      throw new IllegalArgumentException("assignTimestampsAndWatermarks(...) needs a WatermarkStrategy");
    }
    return apply("Timestamps/Watermarks", new OperatorSpec.TimestampsAndWatermarksSpec<>(strategy), getType());
  }

  /** Cuts the whole (non-keyed) stream into windows, evaluated by one subtask (parallelism 1). */
  public <W extends Window> AllWindowedStream<T, W> windowAll(WindowAssigner<? super T, W> assigner) {
    return new AllWindowedStream<>(this, assigner);
  }

  // ---- partitioning ----

  /** Groups the stream by key: every element of a key goes to the same subtask, which keeps its state. */
  public <K> KeyedStream<T, K> keyBy(KeySelector<T, K> key) {
    return keyBy(key, TypeGuesses.output(key, KeySelector.class, 1));
  }

  /**
   * Groups the stream by key, declaring the key's type: needed to checkpoint keyed state when it
   * cannot be derived (a lambda's result type is erased), e.g. {@code keyBy(t -> t.f0, Types.STRING)}.
   */
  public <K> KeyedStream<T, K> keyBy(KeySelector<T, K> key, TypeInfo<K> keyType) {
    PartitionTransformation<T> t =
        new PartitionTransformation<>(environment.nextId(), transformation, Partitioning.hash(key, keyType));
    return new KeyedStream<>(environment, t, key);
  }

  /** Spreads elements round robin over all subtasks of the next operator, e.g. to even out skew. */
  public DataStream<T> rebalance() {
    return partition(Partitioning.REBALANCE);
  }

  /** Sends subtask i's elements to subtask i of the next operator; needs equal parallelism. */
  public DataStream<T> forward() {
    return partition(Partitioning.FORWARD);
  }

  /** Sends every element to every subtask of the next operator. */
  public DataStream<T> broadcast() {
    return partition(Partitioning.BROADCAST);
  }

  /**
   * Sends every element to every subtask of the operator this is connected to, which keeps the
   * broadcast states {@code descriptors} describe: {@code other.connect(stream.broadcast(d))}.
   */
  public BroadcastStream<T> broadcast(io.weft.api.state.MapStateDescriptor<?, ?>... descriptors) {
    if (descriptors == null || descriptors.length == 0) {
      throw new IllegalArgumentException("broadcast(...) needs at least one MapStateDescriptor for the broadcast state");
    }
    return new BroadcastStream<>(environment, partition(Partitioning.BROADCAST), List.of(descriptors));
  }

  /** Connects this stream with a broadcast stream: {@code process(...)} with a (keyed) broadcast process function. */
  public <R> BroadcastConnectedStream<T, R> connect(BroadcastStream<R> broadcastStream) {
    if (broadcastStream.getExecutionEnvironment() != environment) {
      throw new IllegalArgumentException("connect() of streams from different environments");
    }
    return new BroadcastConnectedStream<>(environment, this, broadcastStream);
  }

  private DataStream<T> partition(Partitioning partitioning) {
    PartitionTransformation<T> t = new PartitionTransformation<>(environment.nextId(), transformation, partitioning);
    return new DataStream<>(environment, t);
  }

  /**
   * Connects this stream with {@code other}, possibly of another type, into one operator that
   * reads both and may share state between them: {@code map}, {@code flatMap} or {@code process}
   * on the result, or {@code keyBy(key1, key2)} first for keyed state and timers.
   */
  public <R> ConnectedStreams<T, R> connect(DataStream<R> other) {
    if (other.environment != environment) {
      throw new IllegalArgumentException("connect() of streams from different environments");
    }
    return new ConnectedStreams<>(environment, this, other);
  }

  /** Starts a window join with {@code other}: {@code where(...).equalTo(...).window(...).apply(...)}. */
  public <R> JoinedStreams<T, R> join(DataStream<R> other) {
    return new JoinedStreams<>(this, other);
  }

  /** Starts a window coGroup with {@code other}: {@code where(...).equalTo(...).window(...).apply(...)}. */
  public <R> CoGroupedStreams<T, R> coGroup(DataStream<R> other) {
    return new CoGroupedStreams<>(this, other);
  }

  /** Reads this stream and the others as one stream. */
  @SafeVarargs
  public final DataStream<T> union(DataStream<T>... others) {
    List<Transformation<?>> inputs = new ArrayList<>();
    inputs.add(transformation);
    for (DataStream<T> other : others) {
      if (other.environment != environment) {
        throw new IllegalArgumentException("union() of streams from different environments");
      }
      inputs.add(other.transformation);
    }
    UnionTransformation<T> union = new UnionTransformation<>(environment.nextId(), inputs);
    union.setOutputType(getType());
    return new DataStream<>(environment, union);
  }

  // ---- sinks ----

  public DataStreamSink<T> sinkTo(Sink<T> sink) {
    return sinkTo(sink, "Sink: " + sink.getClass().getSimpleName());
  }

  private DataStreamSink<T> sinkTo(Sink<T> sink, String name) {
    OperatorTransformation<Void> t = new OperatorTransformation<>(environment.nextId(), name,
        new OperatorSpec.SinkSpec<>(sink), List.of(transformation));
    environment.addTransformation(t);
    return new DataStreamSink<>(t);
  }

  /** Prints each element to stdout, prefixed with the subtask number when parallel. */
  public DataStreamSink<T> print() {
    return sinkTo(new PrintSink<>(false), "Sink: Print to Std. Out");
  }

  public DataStreamSink<T> printToErr() {
    return sinkTo(new PrintSink<>(true), "Sink: Print to Std. Err");
  }

  /** Writes each element's text as a line into {@code <dir>/part-<subtask>} (file:// or hdfs://). */
  /**
   * Writes the elements as text lines exactly once, committing files as checkpoints complete (see
   * {@link FileSink}); the output is the {@code part-*} files.
   */
  public DataStreamSink<T> writeAsTextExactlyOnce(String directory) {
    return sinkTo(new FileSink<>(directory), "Sink: File " + directory);
  }

  public DataStreamSink<T> writeAsText(String directory) {
    return sinkTo(new TextFileSink<>(directory), "Sink: Text File " + directory);
  }

  /**
   * Runs the job in this JVM and returns every element of this stream. For tests and small
   * results; only with {@code execution.target: local}.
   */
  public List<T> executeAndCollect() throws Exception {
    return executeAndCollect("Collect job");
  }

  public List<T> executeAndCollect(String jobName) throws Exception {
    if (!"local".equals(environment.getConfiguration().get(CoreOptions.EXECUTION_TARGET))) {
      throw new UnsupportedOperationException("executeAndCollect() runs only with execution.target 'local'");
    }
    CollectSink<T> sink = new CollectSink<>();
    sinkTo(sink, "Sink: Collect");
    try {
      environment.execute(jobName);
      return sink.results();
    } finally {
      sink.discard();
    }
  }

  protected <R> SingleOutputStreamOperator<R> apply(String name, OperatorSpec spec, TypeInfo<R> outputType) {
    OperatorTransformation<R> t =
        new OperatorTransformation<>(environment.nextId(), name, spec, List.of(transformation));
    t.setOutputType(outputType);
    environment.addTransformation(t);
    return new SingleOutputStreamOperator<>(environment, t);
  }
}
