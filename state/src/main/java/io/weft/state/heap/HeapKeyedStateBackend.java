package io.weft.state.heap;

import io.weft.api.state.ListState;
import io.weft.api.state.MapState;
import io.weft.api.state.ValueState;
import io.weft.core.types.ListSerializer;
import io.weft.core.types.MapSerializer;
import io.weft.core.types.TypeSerializer;
import io.weft.state.keyed.AbstractKeyedStateBackend;
import io.weft.state.keyed.KeyedSnapshotHeader;
import io.weft.state.keyed.StateMeta;
import io.weft.state.keyed.StateSpec;
import io.weft.state.snapshot.AsyncSnapshot;
import io.weft.state.snapshot.CheckpointStorage;
import io.weft.state.snapshot.KeyGroupRange;
import io.weft.state.snapshot.KeyedStateHandle;
import io.weft.state.snapshot.SnapshotKind;
import io.weft.state.ttl.TtlTimeProvider;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;

/**
 * Keyed state as objects on the heap: fastest, bounded by the JVM heap. Snapshots are full (every
 * key group of every state in one file) and copy-on-write (see {@link StateTable}).
 */
public final class HeapKeyedStateBackend<K> extends AbstractKeyedStateBackend<K> {
  /** How a state's entries are stored: one value, a list or a map per (key, namespace). */
  enum Shape {
    VALUE,
    LIST,
    MAP
  }

  /** A registered state's table and how to serialize it. */
  record HeapState<V>(StateSpec<?> spec, Shape shape, StateTable<?, V> table, Supplier<TypeSerializer<V>> values) {}

  private final SnapshotEpochs epochs = new SnapshotEpochs();
  /** Shared with every table: a new key context invalidates the entry each remembers. */
  private final StateTable.KeyContext keyContext = new StateTable.KeyContext();
  private final Map<String, HeapState<?>> states = new LinkedHashMap<>();
  /** Restored states not registered yet, still serialized; written back as they are by snapshots. */
  private final Map<String, RestoredState> restored = new LinkedHashMap<>();
  private boolean restoreCalled;
  private boolean closed;

  /** A backend that cannot snapshot (no key serializer): for operators that never checkpoint. */
  public HeapKeyedStateBackend(int subtask, int parallelism, int maxParallelism) {
    this(KeyGroupRange.forSubtask(subtask, parallelism, maxParallelism), maxParallelism, null,
        TtlTimeProvider.SYSTEM);
  }

  /** The backend of subtask {@code subtask} of {@code parallelism}, owning its range of key groups. */
  public HeapKeyedStateBackend(int subtask, int parallelism, int maxParallelism, TypeSerializer<K> keySerializer) {
    this(KeyGroupRange.forSubtask(subtask, parallelism, maxParallelism), maxParallelism, keySerializer,
        TtlTimeProvider.SYSTEM);
  }

  public HeapKeyedStateBackend(KeyGroupRange keyGroupRange, int maxParallelism, TypeSerializer<K> keySerializer,
      TtlTimeProvider timeProvider) {
    super(keySerializer, maxParallelism, keyGroupRange, timeProvider);
  }

  private <V> StateTable<K, V> newState(StateSpec<?> spec, Shape shape, Supplier<TypeSerializer<V>> values) {
    checkOpen();
    StateTable<K, V> table = new StateTable<>(maxParallelism, keyGroupRange.first(), keyGroupRange.size(), epochs,
        values, keyContext);
    HeapState<V> state = new HeapState<>(spec, shape, table, values);
    RestoredState r = restored.get(spec.name());
    if (r != null) {
      r.meta().checkRestorableAs(spec.meta());
      r.loadInto(table, keySerializer, spec.namespaceSerializer(), values.get());
      restored.remove(spec.name());
    }
    states.put(spec.name(), state);
    return table;
  }

  @Override
  public void setCurrentKey(K key) {
    super.setCurrentKey(key);
    keyContext.generation++;
  }

  @Override
  protected <N, V> ValueState<V> createValueState(StateSpec<N> spec, Supplier<TypeSerializer<V>> values) {
    return new HeapValueState<>(newState(spec, Shape.VALUE, values));
  }

  @Override
  protected <N, E> ListState<E> createListState(StateSpec<N> spec, Supplier<TypeSerializer<E>> elements) {
    Supplier<TypeSerializer<List<E>>> lists = () -> new ListSerializer<>(elements.get());
    return new HeapListState<>(newState(spec, Shape.LIST, lists));
  }

  @Override
  protected <N, UK, UV> MapState<UK, UV> createMapState(StateSpec<N> spec, Supplier<TypeSerializer<UK>> userKeys,
      Supplier<TypeSerializer<UV>> userValues) {
    Supplier<TypeSerializer<Map<UK, UV>>> maps = () -> new MapSerializer<>(userKeys.get(), userValues.get());
    return new HeapMapState<>(newState(spec, Shape.MAP, maps));
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<K> keys(String stateName) {
    HeapState<?> s = states.get(stateName);
    return s == null ? List.of() : (List<K>) (List<?>) s.table().keys();
  }

  @Override
  public int numEntries(String stateName) {
    HeapState<?> s = states.get(stateName);
    if (s == null) { // restored but not (yet) registered: count what the checkpoint holds
      RestoredState r = restored.get(stateName);
      return r == null ? 0 : r.count();
    }
    return s.table().size();
  }

  @Override
  public void restore(Collection<KeyedStateHandle> handles, Configuration hadoopConf) throws Exception {
    checkOpen();
    if (hasRegisteredStates() || restoreCalled) {
      throw new IllegalStateException("restore() must be called once, before any state is registered");
    }
    restoreCalled = true;
    if (keySerializer == null && !handles.isEmpty()) {
      throw new IllegalStateException("this heap backend was made without a key serializer and cannot restore");
    }
    restored.putAll(HeapRestore.read(handles, keyGroupRange, hadoopConf));
  }

  @Override
  public AsyncSnapshot<KeyedStateHandle> snapshot(long checkpointId, CheckpointStorage storage, SnapshotKind kind) {
    checkOpen();
    if (states.isEmpty() && restored.isEmpty()) {
      return AsyncSnapshot.empty();
    }
    if (keySerializer == null) {
      throw new IllegalStateException("this heap backend was made without a key serializer and cannot snapshot");
    }
    List<StateMeta> metas = new ArrayList<>();
    List<HeapSnapshot.Part> parts = new ArrayList<>();
    // Resolve every serializer before the snapshot starts: a state that cannot be serialized fails
    // it here, on the task thread, naming the state.
    Map<HeapState<?>, TypeSerializer<?>> serializers = new HashMap<>();
    for (HeapState<?> s : states.values()) {
      serializers.put(s, s.values().get());
    }
    int epoch = epochs.start();
    for (HeapState<?> s : states.values()) {
      parts.add(HeapSnapshot.tablePart(metas.size(), s, serializers.get(s), keyGroupRange.first()));
      metas.add(s.spec().meta());
    }
    for (RestoredState r : restored.values()) {
      parts.add(HeapSnapshot.restoredPart(metas.size(), r));
      metas.add(r.meta());
    }
    KeyedSnapshotHeader header = new KeyedSnapshotHeader(KeyedSnapshotHeader.FORMAT_HEAP, metas);
    return new HeapSnapshot(storage, checkpointId, keyGroupRange, keySerializer, header, parts,
        timeProvider.currentTimestamp(), () -> epochs.end(epoch));
  }

  @Override
  public void close() {
    closed = true;
    states.clear();
    restored.clear();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the keyed state backend is closed");
    }
  }

  private final class HeapValueState<T> implements ValueState<T> {
    private final StateTable<K, T> table;

    HeapValueState(StateTable<K, T> table) {
      this.table = table;
    }

    @Override
    public T value() {
      return table.get(key(), currentNamespace);
    }

    @Override
    public void update(T value) {
      if (value == null) {
        clear();
      } else {
        table.put(key(), currentNamespace, value);
      }
    }

    @Override
    public void clear() {
      table.remove(key(), currentNamespace);
    }
  }

  private final class HeapListState<T> implements ListState<T> {
    private final StateTable<K, List<T>> table;

    HeapListState(StateTable<K, List<T>> table) {
      this.table = table;
    }

    @Override
    public Iterable<T> get() {
      List<T> list = table.get(key(), currentNamespace);
      return list == null ? List.of() : list;
    }

    @Override
    public void add(T value) {
      if (value == null) {
        throw new NullPointerException("ListState does not take null elements");
      }
      List<T> list = table.get(key(), currentNamespace);
      if (list == null) {
        list = new ArrayList<>();
        table.put(key(), currentNamespace, list);
      }
      list.add(value);
    }

    @Override
    public void addAll(List<T> values) {
      if (values == null || values.isEmpty()) {
        return;
      }
      checkNoNulls(values);
      List<T> list = table.get(key(), currentNamespace);
      if (list == null) {
        table.put(key(), currentNamespace, new ArrayList<>(values));
      } else {
        list.addAll(values);
      }
    }

    @Override
    public void update(List<T> values) {
      if (values == null || values.isEmpty()) {
        clear();
        return;
      }
      checkNoNulls(values);
      table.put(key(), currentNamespace, new ArrayList<>(values));
    }

    @Override
    public void clear() {
      table.remove(key(), currentNamespace);
    }
  }

  static void checkNoNulls(List<?> values) {
    for (Object v : values) {
      if (v == null) {
        throw new NullPointerException("ListState does not take null elements");
      }
    }
  }

  private final class HeapMapState<UK, UV> implements MapState<UK, UV> {
    private final StateTable<K, Map<UK, UV>> table;

    HeapMapState(StateTable<K, Map<UK, UV>> table) {
      this.table = table;
    }

    private Map<UK, UV> map(boolean create) {
      Map<UK, UV> m = table.get(key(), currentNamespace);
      if (m == null && create) {
        m = new HashMap<>();
        table.put(key(), currentNamespace, m);
      }
      return m == null ? Map.of() : m;
    }

    @Override
    public UV get(UK key) {
      return map(false).get(key);
    }

    @Override
    public void put(UK key, UV value) {
      map(true).put(key, value);
    }

    @Override
    public void putAll(Map<UK, UV> entries) {
      if (!entries.isEmpty()) {
        map(true).putAll(entries);
      }
    }

    @Override
    public void remove(UK key) {
      Map<UK, UV> m = table.get(key(), currentNamespace);
      if (m != null) {
        m.remove(key);
        if (m.isEmpty()) {
          clear();
        }
      }
    }

    @Override
    public boolean contains(UK key) {
      return map(false).containsKey(key);
    }

    @Override
    public Iterable<Map.Entry<UK, UV>> entries() {
      return map(false).entrySet();
    }

    @Override
    public Iterable<UK> keys() {
      return map(false).keySet();
    }

    @Override
    public Iterable<UV> values() {
      return map(false).values();
    }

    @Override
    public boolean isEmpty() {
      return map(false).isEmpty();
    }

    @Override
    public void clear() {
      table.remove(key(), currentNamespace);
    }
  }
}
