package io.weft.state.heap;

import io.weft.api.state.ListState;
import io.weft.api.state.ListStateDescriptor;
import io.weft.api.state.MapState;
import io.weft.api.state.MapStateDescriptor;
import io.weft.api.state.ReducingState;
import io.weft.api.state.ReducingStateDescriptor;
import io.weft.api.state.StateDescriptor;
import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.core.plan.KeyGroups;
import io.weft.state.keyed.KeyedStateBackend;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Keyed state as objects on the heap: fastest, bounded by the JVM heap. */
public final class HeapKeyedStateBackend<K> implements KeyedStateBackend<K> {
  private final int maxParallelism;
  private final int firstKeyGroup;
  private final int numKeyGroups;
  private final Map<String, StateTable<K, ?>> tables = new HashMap<>();
  private final Map<String, Object> states = new HashMap<>();
  private K currentKey;
  private Object currentNamespace = DEFAULT_NAMESPACE;

  /** The backend of subtask {@code subtask} of {@code parallelism}, owning its range of key groups. */
  public HeapKeyedStateBackend(int subtask, int parallelism, int maxParallelism) {
    this.maxParallelism = maxParallelism;
    this.firstKeyGroup = KeyGroups.firstKeyGroup(subtask, maxParallelism, parallelism);
    this.numKeyGroups = KeyGroups.firstKeyGroup(subtask + 1, maxParallelism, parallelism) - firstKeyGroup;
  }

  @Override
  public void setCurrentKey(K key) {
    this.currentKey = key;
  }

  @Override
  public K getCurrentKey() {
    return currentKey;
  }

  @Override
  public void setCurrentNamespace(Object namespace) {
    this.currentNamespace = namespace;
  }

  /** The state registered under the descriptor's name, created on first use; one kind per name. */
  private <S> S state(StateDescriptor<?> descriptor, Class<?> kind, Function<StateTable<K, Object>, Object> create) {
    Object existing = states.get(descriptor.getName());
    if (existing == null) {
      StateTable<K, Object> table = new StateTable<>(maxParallelism, firstKeyGroup, numKeyGroups);
      tables.put(descriptor.getName(), table);
      existing = create.apply(table);
      states.put(descriptor.getName(), existing);
    } else if (!kind.isInstance(existing)) {
      throw new IllegalStateException("state '" + descriptor.getName() + "' was first registered as "
          + existing.getClass().getSimpleName() + "; a name may stand for one kind of state only");
    }
    @SuppressWarnings("unchecked")
    S s = (S) existing;
    return s;
  }

  private K key() {
    if (currentKey == null) {
      throw new IllegalStateException("keyed state is used outside of a keyed context (no current key)");
    }
    return currentKey;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public <T> ValueState<T> getValueState(ValueStateDescriptor<T> descriptor) {
    return state(descriptor, HeapValueState.class, t -> new HeapValueState(t));
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
    return state(descriptor, HeapListState.class, t -> new HeapListState(t));
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public <UK, UV> MapState<UK, UV> getMapState(MapStateDescriptor<UK, UV> descriptor) {
    return state(descriptor, HeapMapState.class, t -> new HeapMapState(t));
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor) {
    return state(descriptor, HeapReducingState.class, t -> new HeapReducingState(t, descriptor));
  }

  @Override
  public int numEntries(String stateName) {
    StateTable<K, ?> t = tables.get(stateName);
    return t == null ? 0 : t.size();
  }

  @Override
  public void close() {
    tables.clear();
    states.clear();
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
      for (T v : values) {
        add(v);
      }
    }

    @Override
    public void update(List<T> values) {
      clear();
      if (values != null && !values.isEmpty()) {
        addAll(values);
      }
    }

    @Override
    public void clear() {
      table.remove(key(), currentNamespace);
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
      map(true).putAll(entries);
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

  private final class HeapReducingState<T> implements ReducingState<T> {
    private final StateTable<K, T> table;
    private final ReducingStateDescriptor<T> descriptor;

    HeapReducingState(StateTable<K, T> table, ReducingStateDescriptor<T> descriptor) {
      this.table = table;
      this.descriptor = descriptor;
    }

    @Override
    public T get() {
      return table.get(key(), currentNamespace);
    }

    @Override
    public void add(T value) throws Exception {
      T current = table.get(key(), currentNamespace);
      table.put(key(), currentNamespace, current == null ? value : descriptor.getReduceFunction().reduce(current, value));
    }

    @Override
    public void clear() {
      table.remove(key(), currentNamespace);
    }
  }
}
