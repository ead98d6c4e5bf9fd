package io.weft.api.datastream;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.co.BroadcastProcessFunction;
import io.weft.api.functions.co.KeyedBroadcastProcessFunction;
import io.weft.core.plan.TwoInputSpecs;
import io.weft.core.types.TypeInfo;
import java.util.ArrayList;

/**
 * A stream connected with a broadcast stream: {@code process(...)} with a {@link
 * BroadcastProcessFunction} when the stream is not keyed, a {@link KeyedBroadcastProcessFunction}
 * when it is. The broadcast stream is always the second input.
 */
public final class BroadcastConnectedStream<I1, I2> {
  private final StreamEnvironment environment;
  private final DataStream<I1> nonBroadcast;
  private final BroadcastStream<I2> broadcast;

  BroadcastConnectedStream(StreamEnvironment environment, DataStream<I1> nonBroadcast, BroadcastStream<I2> broadcast) {
    this.environment = environment;
    this.nonBroadcast = nonBroadcast;
    this.broadcast = broadcast;
  }

  public DataStream<I1> getFirstInput() {
    return nonBroadcast;
  }

  public <O> SingleOutputStreamOperator<O> process(BroadcastProcessFunction<I1, I2, O> function) {
    return process(function, TypeGuesses.output(function, BroadcastProcessFunction.class, 2));
  }

  public <O> SingleOutputStreamOperator<O> process(BroadcastProcessFunction<I1, I2, O> function,
      TypeInfo<O> outputType) {
    if (nonBroadcast instanceof KeyedStream) {
      throw new IllegalArgumentException("A BroadcastProcessFunction can only be used on a non-keyed stream; "
          + "use a KeyedBroadcastProcessFunction on a keyed one");
    }
    return connected().transform("Broadcast Process", new TwoInputSpecs.BroadcastProcessSpec<>(function,
        new ArrayList<>(broadcast.getBroadcastStateDescriptors())), outputType);
  }

  public <K, O> SingleOutputStreamOperator<O> process(KeyedBroadcastProcessFunction<K, I1, I2, O> function) {
    return process(function, TypeGuesses.output(function, KeyedBroadcastProcessFunction.class, 3));
  }

  @SuppressWarnings("unchecked")
  public <K, O> SingleOutputStreamOperator<O> process(KeyedBroadcastProcessFunction<K, I1, I2, O> function,
      TypeInfo<O> outputType) {
    if (!(nonBroadcast instanceof KeyedStream<?, ?> keyed)) {
      throw new IllegalArgumentException("A KeyedBroadcastProcessFunction can only be used on a keyed stream; "
          + "use a BroadcastProcessFunction on a non-keyed one");
    }
    return connected().transform("Keyed Broadcast Process", new TwoInputSpecs.KeyedBroadcastProcessSpec<>(
        ((KeyedStream<I1, K>) keyed).getKeySelector(), function,
        new ArrayList<>(broadcast.getBroadcastStateDescriptors())), outputType);
  }

  private ConnectedStreams<I1, I2> connected() {
    return new ConnectedStreams<>(environment, nonBroadcast, broadcast.stream());
  }
}
