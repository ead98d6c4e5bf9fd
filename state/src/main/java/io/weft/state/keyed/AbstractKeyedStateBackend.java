package io.weft.state.keyed;

import io.weft.api.state.AggregatingState;
import io.weft.api.state.AggregatingStateDescriptor;
import io.weft.api.state.ListState;
import io.weft.api.state.ListStateDescriptor;
import io.weft.api.state.MapState;
import io.weft.api.state.MapStateDescriptor;
import io.weft.api.state.ReducingState;
import io.weft.api.state.ReducingStateDescriptor;
import io.weft.api.state.StateDescriptor;
import io.weft.api.state.StateTtlConfig;
import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.core.types.InvalidTypeException;
import io.weft.core.types.NullableSerializer;
import io.weft.core.types.TypeSerializer;
import io.weft.state.snapshot.KeyGroupRange;
import io.weft.state.ttl.TtlListState;
import io.weft.state.ttl.TtlMapState;
import io.weft.state.ttl.TtlPolicy;
import io.weft.state.ttl.TtlTimeProvider;
import io.weft.state.ttl.TtlValue;
import io.weft.state.ttl.TtlValueSerializer;
import io.weft.state.ttl.TtlValueState;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What both backends share: the current key and namespace, registering states by name (one kind,
 * namespace serializer and TTL setting per name), and building every state kind from three stored
 * shapes a backend implements: a value, a list and a map per (key, namespace).
 *
 * <ul>
 *   <li>Reducing and aggregating state are a value plus their function.
 *   <li>TTL wraps the stored values in {@link TtlValue} (per element for lists, per entry for
 *       maps) and checks expiry on access; see {@code io.weft.state.ttl}.
 * </ul>
 *
 * Value serializers are handed over as suppliers because the heap backend only needs them to
 * snapshot, and so keeps accepting types Weft cannot serialize (e.g. Object) as long as it does
 * not snapshot them.
 */
public abstract class AbstractKeyedStateBackend<K> implements KeyedStateBackend<K> {
  protected final TypeSerializer<K> keySerializer;
  protected final int maxParallelism;
  protected final KeyGroupRange keyGroupRange;
  protected final TtlTimeProvider timeProvider;
  protected K currentKey;
  protected Object currentNamespace = DEFAULT_NAMESPACE;
  private final Map<String, Registered> registered = new HashMap<>();

  private record Registered(StateMeta meta, Object state) {}

  protected AbstractKeyedStateBackend(TypeSerializer<K> keySerializer, int maxParallelism,
      KeyGroupRange keyGroupRange, TtlTimeProvider timeProvider) {
    this.keySerializer = keySerializer;
    this.maxParallelism = maxParallelism;
    this.keyGroupRange = Objects.requireNonNull(keyGroupRange, "keyGroupRange");
    this.timeProvider = Objects.requireNonNull(timeProvider, "timeProvider");
  }

  // The three stored shapes. The serializers' values are never null (the map's may be: its value
  // serializer accepts null).

  protected abstract <N, V> ValueState<V> createValueState(StateSpec<N> spec, Supplier<TypeSerializer<V>> values);

  protected abstract <N, E> ListState<E> createListState(StateSpec<N> spec, Supplier<TypeSerializer<E>> elements);

  protected abstract <N, UK, UV> MapState<UK, UV> createMapState(StateSpec<N> spec,
      Supplier<TypeSerializer<UK>> userKeys, Supplier<TypeSerializer<UV>> userValues);

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

  @Override
  public KeyGroupRange keyGroupRange() {
    return keyGroupRange;
  }

  @Override
  public int maxParallelism() {
    return maxParallelism;
  }

  @Override
  public TypeSerializer<K> keySerializer() {
    return keySerializer;
  }

  /** The current key, failing clearly where state is used outside a keyed context. */
  protected K key() {
    if (currentKey == null) {
      throw new IllegalStateException("keyed state is used outside of a keyed context (no current key)");
    }
    return currentKey;
  }

  protected boolean hasRegisteredStates() {
    return !registered.isEmpty();
  }

  // Default namespace.

  @Override
  public <T> ValueState<T> getValueState(ValueStateDescriptor<T> descriptor) {
    return getValueState(DefaultNamespaceSerializer.INSTANCE, descriptor);
  }

  @Override
  public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
    return getListState(DefaultNamespaceSerializer.INSTANCE, descriptor);
  }

  @Override
  public <UK, UV> MapState<UK, UV> getMapState(MapStateDescriptor<UK, UV> descriptor) {
    return getMapState(DefaultNamespaceSerializer.INSTANCE, descriptor);
  }

  @Override
  public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor) {
    return getReducingState(DefaultNamespaceSerializer.INSTANCE, descriptor);
  }

  @Override
  public <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(
      AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
    return getAggregatingState(DefaultNamespaceSerializer.INSTANCE, descriptor);
  }

  // With a namespace serializer.

  @Override
  public <N, T> ValueState<T> getValueState(TypeSerializer<N> ns, ValueStateDescriptor<T> d) {
    return register(d, StateKind.VALUE, ns, typeName(d), spec -> value(spec, d));
  }

  @Override
  public <N, T> ReducingState<T> getReducingState(TypeSerializer<N> ns, ReducingStateDescriptor<T> d) {
    return register(d, StateKind.REDUCING, ns, typeName(d),
        spec -> new ValueBackedReducingState<>(value(spec, d), d.getReduceFunction()));
  }

  @Override
  public <N, IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(TypeSerializer<N> ns,
      AggregatingStateDescriptor<IN, ACC, OUT> d) {
    return register(d, StateKind.AGGREGATING, ns, typeName(d),
        spec -> new ValueBackedAggregatingState<>(value(spec, d), d.getAggregateFunction()));
  }

  @Override
  public <N, T> ListState<T> getListState(TypeSerializer<N> ns, ListStateDescriptor<T> d) {
    return register(d, StateKind.LIST, ns, typeName(d), spec -> {
      Supplier<TypeSerializer<T>> elements = serializer(d, () -> d.getTypeInfo().createSerializer());
      if (spec.ttl() == null) {
        return createListState(spec, elements);
      }
      ListState<TtlValue<T>> inner = createListState(spec, map(elements, TtlValueSerializer::new));
      return new TtlListState<>(inner, new TtlPolicy(spec.ttl(), timeProvider));
    });
  }

  @Override
  public <N, UK, UV> MapState<UK, UV> getMapState(TypeSerializer<N> ns, MapStateDescriptor<UK, UV> d) {
    String type;
    try {
      type = d.getKeyTypeInfo() + " -> " + d.getTypeInfo();
    } catch (InvalidTypeException e) {
      type = null;
    }
    return register(d, StateKind.MAP, ns, type, spec -> {
      Supplier<TypeSerializer<UK>> keys = serializer(d, () -> d.getKeyTypeInfo().createSerializer());
      Supplier<TypeSerializer<UV>> values =
          serializer(d, () -> new NullableSerializer<>(d.getTypeInfo().createSerializer()));
      if (spec.ttl() == null) {
        return createMapState(spec, keys, values);
      }
      MapState<UK, TtlValue<UV>> inner = createMapState(spec, keys, map(values, TtlValueSerializer::new));
      return new TtlMapState<>(inner, new TtlPolicy(spec.ttl(), timeProvider));
    });
  }

  private <N, T> ValueState<T> value(StateSpec<N> spec, StateDescriptor<T> d) {
    Supplier<TypeSerializer<T>> values = serializer(d, () -> d.getTypeInfo().createSerializer());
    if (spec.ttl() == null) {
      return createValueState(spec, values);
    }
    ValueState<TtlValue<T>> inner = createValueState(spec, map(values, TtlValueSerializer::new));
    return new TtlValueState<>(inner, new TtlPolicy(spec.ttl(), timeProvider));
  }

  /**
   * The state registered under the descriptor's name, created on first use. A name stands for one
   * kind of state, with one namespace serializer and one TTL setting.
   */
  private <N, S> S register(StateDescriptor<?> d, StateKind kind, TypeSerializer<N> ns, String valueType,
      Function<StateSpec<N>, S> create) {
    Objects.requireNonNull(ns, "namespace serializer");
    StateTtlConfig ttl = d.getTtlConfig();
    StateMeta meta = new StateMeta(d.getName(), kind, ttl != null, valueType, ns.getClass().getName());
    Registered existing = registered.get(d.getName());
    if (existing != null) {
      StateMeta old = existing.meta;
      if (old.kind() != kind) {
        throw new IllegalStateException("state '" + d.getName() + "' was first registered as " + old.kind()
            + " state and now as " + kind + "; a name may stand for one kind of state only");
      }
      if (!old.namespaceType().equals(meta.namespaceType()) || old.ttl() != meta.ttl()) {
        throw new IllegalStateException("state '" + d.getName() + "' was registered before with "
            + old.namespaceType() + (old.ttl() ? " and a TTL" : " and no TTL") + ", now with "
            + meta.namespaceType() + (meta.ttl() ? " and a TTL" : " and no TTL"));
      }
      @SuppressWarnings("unchecked")
      S s = (S) existing.state;
      return s;
    }
    S state = create.apply(new StateSpec<>(meta, ns, ttl));
    registered.put(d.getName(), new Registered(meta, state));
    return state;
  }

  private static String typeName(StateDescriptor<?> d) {
    try {
      return d.getTypeInfo().toString();
    } catch (InvalidTypeException e) {
      return null;
    }
  }

  /** A supplier that resolves once and names the state when the type cannot be serialized. */
  private static <T> Supplier<TypeSerializer<T>> serializer(StateDescriptor<?> d,
      Supplier<TypeSerializer<T>> resolve) {
    return new Supplier<>() {
      private TypeSerializer<T> resolved;

      @Override
      public synchronized TypeSerializer<T> get() {
        if (resolved == null) {
          try {
            resolved = resolve.get();
          } catch (InvalidTypeException e) {
            throw new IllegalStateException("keyed state '" + d.getName() + "' cannot be snapshotted or kept"
                + " outside the heap: " + e.getMessage(), e);
          }
        }
        return resolved;
      }
    };
  }

  private static <A, B> Supplier<TypeSerializer<B>> map(Supplier<TypeSerializer<A>> s,
      Function<TypeSerializer<A>, TypeSerializer<B>> f) {
    return new Supplier<>() {
      private TypeSerializer<B> resolved;

      @Override
      public synchronized TypeSerializer<B> get() {
        if (resolved == null) {
          resolved = f.apply(s.get());
        }
        return resolved;
      }
    };
  }
}
