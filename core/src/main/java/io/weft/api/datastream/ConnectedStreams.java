package io.weft.api.datastream;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.KeySelector;
import io.weft.api.functions.co.CoFlatMapFunction;
import io.weft.api.functions.co.CoMapFunction;
import io.weft.api.functions.co.CoProcessFunction;
import io.weft.api.functions.co.KeyedCoProcessFunction;
import io.weft.core.plan.OperatorSpec;
import io.weft.core.plan.Transformation.OperatorTransformation;
import io.weft.core.plan.TwoInputSpecs;
import io.weft.core.types.TypeInfo;
import java.util.List;

/**
 * Two streams, possibly of different types, read by one operator: which input's element comes
 * next is not defined. The operator's watermark is the smaller of both inputs'; it ends once both
 * inputs have ended.
 */
public class ConnectedStreams<I1, I2> {
  private final StreamEnvironment environment;
  private final DataStream<I1> first;
  private final DataStream<I2> second;

  ConnectedStreams(StreamEnvironment environment, DataStream<I1> first, DataStream<I2> second) {
    this.environment = environment;
    this.first = first;
    this.second = second;
  }

  public StreamEnvironment getExecutionEnvironment() {
    return environment;
  }

  public DataStream<I1> getFirstInput() {
    return first;
  }

  public DataStream<I2> getSecondInput() {
    return second;
  }

  public TypeInfo<I1> getType1() {
    return first.getType();
  }

  public TypeInfo<I2> getType2() {
    return second.getType();
  }

  /** Keys both inputs, so that elements of equal keys from either side meet in one subtask. */
  public <K> ConnectedStreams<I1, I2> keyBy(KeySelector<I1, K> key1, KeySelector<I2, K> key2) {
    return new ConnectedStreams<>(environment, first.keyBy(key1), second.keyBy(key2));
  }

  /** As {@link #keyBy(KeySelector, KeySelector)}, declaring the key type (needed to checkpoint a lambda's key). */
  public <K> ConnectedStreams<I1, I2> keyBy(KeySelector<I1, K> key1, KeySelector<I2, K> key2, TypeInfo<K> keyType) {
    return new ConnectedStreams<>(environment, first.keyBy(key1, keyType), second.keyBy(key2, keyType));
  }

  public <R> SingleOutputStreamOperator<R> map(CoMapFunction<I1, I2, R> mapper) {
    return transform("Co-Map", new TwoInputSpecs.CoMapSpec<>(mapper),
        TypeGuesses.output(mapper, CoMapFunction.class, 2));
  }

  public <R> SingleOutputStreamOperator<R> map(CoMapFunction<I1, I2, R> mapper, TypeInfo<R> outputType) {
    return transform("Co-Map", new TwoInputSpecs.CoMapSpec<>(mapper), outputType);
  }

  public <R> SingleOutputStreamOperator<R> flatMap(CoFlatMapFunction<I1, I2, R> flatMapper) {
    return transform("Co-Flat Map", new TwoInputSpecs.CoFlatMapSpec<>(flatMapper),
        TypeGuesses.output(flatMapper, CoFlatMapFunction.class, 2));
  }

  public <R> SingleOutputStreamOperator<R> flatMap(CoFlatMapFunction<I1, I2, R> flatMapper, TypeInfo<R> outputType) {
    return transform("Co-Flat Map", new TwoInputSpecs.CoFlatMapSpec<>(flatMapper), outputType);
  }

  /**
   * Runs {@code function} on both inputs. When both are keyed it gets keyed state and timers (as
   * a {@link KeyedCoProcessFunction} would), else neither.
   */
  public <R> SingleOutputStreamOperator<R> process(CoProcessFunction<I1, I2, R> function) {
    return process(function, TypeGuesses.output(function, CoProcessFunction.class, 2));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  public <R> SingleOutputStreamOperator<R> process(CoProcessFunction<I1, I2, R> function, TypeInfo<R> outputType) {
    if (first instanceof KeyedStream k1 && second instanceof KeyedStream k2) {
      checkKeyTypes(k1, k2);
      return transform("Co-Process", new TwoInputSpecs.KeyedCoProcessSpec<>(k1.getKeySelector(), k2.getKeySelector(),
          new KeyedCoProcessAdapter<>(function)), outputType);
    }
    return transform("Co-Process", new TwoInputSpecs.CoProcessSpec<>(function), outputType);
  }

  /** Runs {@code function} on both inputs, which must be keyed alike, with keyed state and timers. */
  public <K, R> SingleOutputStreamOperator<R> process(KeyedCoProcessFunction<K, I1, I2, R> function) {
    return process(function, TypeGuesses.output(function, KeyedCoProcessFunction.class, 3));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  public <K, R> SingleOutputStreamOperator<R> process(KeyedCoProcessFunction<K, I1, I2, R> function,
      TypeInfo<R> outputType) {
    if (!(first instanceof KeyedStream k1 && second instanceof KeyedStream k2)) {
      throw new IllegalArgumentException("A KeyedCoProcessFunction can only be used when both inputs are keyed: "
          + "call keyBy(key1, key2) on the connected streams, or connect two keyed streams");
    }
    checkKeyTypes(k1, k2);
    return transform("Keyed Co-Process", new TwoInputSpecs.KeyedCoProcessSpec<>(k1.getKeySelector(),
        k2.getKeySelector(), function), outputType);
  }

  /** As in Flink: both sides must hash equal keys alike, so a known key type must match. */
  private static void checkKeyTypes(KeyedStream<?, ?> k1, KeyedStream<?, ?> k2) {
    TypeInfo<?> t1 = k1.getKeyType();
    TypeInfo<?> t2 = k2.getKeyType();
    if (t1 != null && t2 != null && !t1.toString().equals(t2.toString())) {
      throw new UnsupportedOperationException("The key types of the connected keyed streams don't match: "
          + t1 + " and " + t2);
    }
  }

  <R> SingleOutputStreamOperator<R> transform(String name, OperatorSpec spec, TypeInfo<R> outputType) {
    OperatorTransformation<R> t = new OperatorTransformation<>(environment.nextId(), name, spec,
        List.of(first.getTransformation(), second.getTransformation()));
    t.setOutputType(outputType);
    environment.addTransformation(t);
    return new SingleOutputStreamOperator<>(environment, t);
  }
}
