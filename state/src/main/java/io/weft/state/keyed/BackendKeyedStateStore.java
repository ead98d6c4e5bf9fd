package io.weft.state.keyed;

import io.weft.api.state.AggregatingState;
import io.weft.api.state.AggregatingStateDescriptor;
import io.weft.api.state.KeyedStateStore;
import io.weft.api.state.ListState;
import io.weft.api.state.ListStateDescriptor;
import io.weft.api.state.MapState;
import io.weft.api.state.MapStateDescriptor;
import io.weft.api.state.ReducingState;
import io.weft.api.state.ReducingStateDescriptor;
import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;

/** A backend's default-namespace states under the user API's names. */
final class BackendKeyedStateStore implements KeyedStateStore {
  private final KeyedStateBackend<?> backend;

  BackendKeyedStateStore(KeyedStateBackend<?> backend) {
    this.backend = backend;
  }

  @Override
  public <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor) {
    return backend.getValueState(descriptor);
  }

  @Override
  public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
    return backend.getListState(descriptor);
  }

  @Override
  public <K, V> MapState<K, V> getMapState(MapStateDescriptor<K, V> descriptor) {
    return backend.getMapState(descriptor);
  }

  @Override
  public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor) {
    return backend.getReducingState(descriptor);
  }

  @Override
  public <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(
      AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
    return backend.getAggregatingState(descriptor);
  }
}
