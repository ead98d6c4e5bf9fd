package io.weft.state.keyed;

import java.util.List;

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
import io.weft.core.types.TypeSerializer;
import io.weft.state.snapshot.AsyncSnapshot;
import io.weft.state.snapshot.CheckpointStorage;
import io.weft.state.snapshot.KeyGroupRange;
import io.weft.state.snapshot.KeyedStateHandle;
import io.weft.state.snapshot.SnapshotKind;
import java.util.Collection;

/**
 * The keyed state of one operator subtask. Every state object reads and writes the entry of the
 * current key and the current namespace (windows use the window as namespace; user state has the
 * default one). Implementations: on the heap ({@code io.weft.state.heap}) and in RocksDB
 * ({@code io.weft.state.rocksdb}); both are used from the task thread only, except for the upload
 * part of a snapshot.
 *
 * <p>Snapshot and restore contract:
 *
 * <ol>
 *   <li>{@link #restore} is called at most once, before any state is registered, with every handle
 *       (of any old parallelism) whose key group range overlaps {@link #keyGroupRange()}.
 *   <li>{@link #snapshot} runs on the task thread, between two records: it takes a consistent copy
 *       (cheap: copy-on-write on the heap, a native snapshot or checkpoint in RocksDB) and returns
 *       an {@link AsyncSnapshot} whose {@code upload()} writes the files on another thread and
 *       returns the {@link KeyedStateHandle} to acknowledge (null when there is no state).
 *   <li>{@link #notifyCheckpointComplete} tells the backend a checkpoint was completed by all
 *       tasks; incremental RocksDB checkpoints only re-reference files of completed ones.
 * </ol>
 */
public interface KeyedStateBackend<K> extends AutoCloseable {

  /** The namespace of state that belongs to no window. */
  Object DEFAULT_NAMESPACE = "";

  void setCurrentKey(K key);

  K getCurrentKey();

  void setCurrentNamespace(Object namespace);

  /** The key groups this backend holds. */
  KeyGroupRange keyGroupRange();

  int maxParallelism();

  /** The key serializer; null only for a heap backend made without one, which cannot snapshot. */
  TypeSerializer<K> keySerializer();

  // State in the default namespace only (user state of keyed functions).

  <T> ValueState<T> getValueState(ValueStateDescriptor<T> descriptor);

  <T> ListState<T> getListState(ListStateDescriptor<T> descriptor);

  <UK, UV> MapState<UK, UV> getMapState(MapStateDescriptor<UK, UV> descriptor);

  <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor);

  <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(AggregatingStateDescriptor<IN, ACC, OUT> descriptor);

  // State in namespaces written by the given serializer (windows: TimeWindowSerializer, ...).

  <N, T> ValueState<T> getValueState(TypeSerializer<N> namespaceSerializer, ValueStateDescriptor<T> descriptor);

  <N, T> ListState<T> getListState(TypeSerializer<N> namespaceSerializer, ListStateDescriptor<T> descriptor);

  <N, UK, UV> MapState<UK, UV> getMapState(TypeSerializer<N> namespaceSerializer,
      MapStateDescriptor<UK, UV> descriptor);

  <N, T> ReducingState<T> getReducingState(TypeSerializer<N> namespaceSerializer,
      ReducingStateDescriptor<T> descriptor);

  <N, IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(TypeSerializer<N> namespaceSerializer,
      AggregatingStateDescriptor<IN, ACC, OUT> descriptor);

  /** Number of (key, namespace) entries of a state, for tests and metrics. */
  int numEntries(String stateName);

  /**
   * The keys of this backend's key groups that have an entry in state {@code stateName} (any
   * namespace), each once; empty when the state does not exist. For visiting every key's state
   * ({@code applyToKeyedState}); the caller sets each as current key.
   */
  List<K> keys(String stateName);

  /**
   * Restores the key groups of {@link #keyGroupRange()} from the handles that overlap it (others
   * are ignored). Before any state is registered; files are opened through {@code hadoopConf}.
   * A damaged file fails with a {@link io.weft.state.snapshot.CorruptStateException} naming it.
   */
  void restore(Collection<KeyedStateHandle> handles, org.apache.hadoop.conf.Configuration hadoopConf)
      throws Exception;

  /** The synchronous part of a snapshot into {@code storage}; see the class comment. */
  AsyncSnapshot<KeyedStateHandle> snapshot(long checkpointId, CheckpointStorage storage, SnapshotKind kind)
      throws Exception;

  /** Checkpoint {@code checkpointId} completed everywhere. */
  default void notifyCheckpointComplete(long checkpointId) {}

  /** This backend as the user-facing store of {@code FunctionInitializationContext.getKeyedStateStore()}. */
  default KeyedStateStore asKeyedStateStore() {
    return new BackendKeyedStateStore(this);
  }

  @Override
  void close();
}
