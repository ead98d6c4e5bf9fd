package io.weft.state.keyed;

import io.weft.api.state.ListState;
import io.weft.api.state.ListStateDescriptor;
import io.weft.api.state.MapState;
import io.weft.api.state.MapStateDescriptor;
import io.weft.api.state.ReducingState;
import io.weft.api.state.ReducingStateDescriptor;
import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;

/**
 * The keyed state of one operator subtask. Every state object reads and writes the entry of the
 * current key (and namespace: windows use the window as namespace; user state has the default
 * one). Implementations: on the heap, and in RocksDB.
 */
public interface KeyedStateBackend<K> extends AutoCloseable {

  /** The namespace of state that belongs to no window. */
  Object DEFAULT_NAMESPACE = "";

  void setCurrentKey(K key);

  K getCurrentKey();

  void setCurrentNamespace(Object namespace);

  <T> ValueState<T> getValueState(ValueStateDescriptor<T> descriptor);

  <T> ListState<T> getListState(ListStateDescriptor<T> descriptor);

  <UK, UV> MapState<UK, UV> getMapState(MapStateDescriptor<UK, UV> descriptor);

  <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor);

  /** Number of (key, namespace) entries of a state, for tests and metrics. */
  int numEntries(String stateName);

  @Override
  void close();
}
