package io.weft.api.datastream;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.state.MapStateDescriptor;
import java.util.List;

/**
 * A stream sent to every parallel instance of the operator it is connected to, with the
 * broadcast states that operator keeps ({@code stream.broadcast(descriptors...)}). Connect another
 * stream to it with {@code other.connect(broadcastStream)}.
 */
public final class BroadcastStream<T> {
  private final StreamEnvironment environment;
  private final DataStream<T> broadcast;
  private final List<MapStateDescriptor<?, ?>> descriptors;

  BroadcastStream(StreamEnvironment environment, DataStream<T> broadcast, List<MapStateDescriptor<?, ?>> descriptors) {
    this.environment = environment;
    this.broadcast = broadcast;
    this.descriptors = List.copyOf(descriptors);
  }

  public StreamEnvironment getExecutionEnvironment() {
    return environment;
  }

  /** The broadcast-partitioned stream. */
  DataStream<T> stream() {
    return broadcast;
  }

  public List<MapStateDescriptor<?, ?>> getBroadcastStateDescriptors() {
    return descriptors;
  }
}
