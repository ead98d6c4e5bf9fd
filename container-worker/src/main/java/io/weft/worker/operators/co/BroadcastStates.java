package io.weft.worker.operators.co;

import io.weft.api.state.BroadcastState;
import io.weft.api.state.MapStateDescriptor;
import io.weft.api.state.ReadOnlyBroadcastState;
import io.weft.core.types.NullableSerializer;
import io.weft.core.types.TypeSerializer;
import io.weft.worker.operators.OperatorRestore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The broadcast states of one subtask of a broadcast operator, one map per descriptor given to
 * {@code broadcast(...)}. Every subtask holds (and checkpoints) the whole of each; a restore at any
 * parallelism gives every subtask the same copy, that of any old subtask (they are equal when the
 * broadcast side changes them deterministically, as it must). Written with the descriptors' key
 * and value serializers: {@code int states}, then per state its name, {@code int entries} and the
 * entries.
 */
final class BroadcastStates {
  private final String operatorName;
  private final Map<String, State<?, ?>> states = new LinkedHashMap<>();

  BroadcastStates(String operatorName, List<MapStateDescriptor<?, ?>> descriptors) {
    this.operatorName = operatorName;
    for (MapStateDescriptor<?, ?> d : descriptors) {
      states.put(d.getName(), new State<>(d));
    }
  }

  @SuppressWarnings("unchecked")
  <K, V> State<K, V> get(MapStateDescriptor<K, V> descriptor) {
    State<?, ?> s = states.get(descriptor.getName());
    if (s == null) {
      throw new IllegalArgumentException("'" + operatorName + "' has no broadcast state '" + descriptor.getName()
          + "': give its descriptor to broadcast(...), which knows " + states.keySet());
    }
    return (State<K, V>) s;
  }

  <K, V> ReadOnlyBroadcastState<K, V> readOnly(MapStateDescriptor<K, V> descriptor) {
    return new ReadOnly<>(get(descriptor));
  }

  /** Every state's entries, or null when there are none to keep. */
  byte[] snapshot() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(states.size());
    for (State<?, ?> s : states.values()) {
      s.write(out);
    }
    out.flush();
    return bytes.toByteArray();
  }

  /** Restores from this subtask's own snapshot, or at another parallelism from any old subtask's. */
  void restore(OperatorRestore restore) throws IOException {
    byte[] bytes = restore.operatorState();
    if (bytes == null) {
      for (byte[] previous : restore.previousStates()) {
        if (previous != null) {
          bytes = previous;
          break;
        }
      }
    }
    if (bytes == null) {
      return;
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      String name = in.readUTF();
      State<?, ?> s = states.get(name);
      if (s == null) {
        throw new IllegalStateException("'" + operatorName + "' restores broadcast state '" + name
            + "', which its broadcast(...) no longer declares");
      }
      s.read(in);
    }
  }

  /** One broadcast state: a hash map, as in Flink (so entries iterate in the same order). */
  static final class State<K, V> implements BroadcastState<K, V> {
    private final MapStateDescriptor<K, V> descriptor;
    private final HashMap<K, V> map = new HashMap<>();

    State(MapStateDescriptor<K, V> descriptor) {
      this.descriptor = descriptor;
    }

    @Override
    public V get(K key) {
      return map.get(key);
    }

    @Override
    public boolean contains(K key) {
      return map.containsKey(key);
    }

    @Override
    public Iterable<Map.Entry<K, V>> immutableEntries() {
      return Collections.unmodifiableMap(map).entrySet();
    }

    @Override
    public void put(K key, V value) {
      map.put(key, value);
    }

    @Override
    public void putAll(Map<K, V> values) {
      map.putAll(values);
    }

    @Override
    public void remove(K key) {
      map.remove(key);
    }

    @Override
    public Iterator<Map.Entry<K, V>> iterator() {
      return map.entrySet().iterator();
    }

    @Override
    public Iterable<Map.Entry<K, V>> entries() {
      return map.entrySet();
    }

    @Override
    public void clear() {
      map.clear();
    }

    void write(DataOutputStream out) throws IOException {
      TypeSerializer<K> keys = descriptor.getKeyTypeInfo().createSerializer();
      TypeSerializer<V> values = new NullableSerializer<>(descriptor.getTypeInfo().createSerializer());
      out.writeUTF(descriptor.getName());
      out.writeInt(map.size());
      for (Map.Entry<K, V> e : map.entrySet()) {
        keys.serialize(e.getKey(), out);
        values.serialize(e.getValue(), out);
      }
    }

    void read(DataInputStream in) throws IOException {
      TypeSerializer<K> keys = descriptor.getKeyTypeInfo().createSerializer();
      TypeSerializer<V> values = new NullableSerializer<>(descriptor.getTypeInfo().createSerializer());
      map.clear();
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        K k = keys.deserialize(in);
        map.put(k, values.deserialize(in));
      }
    }
  }

  /** What the non-broadcast side sees: reads only. */
  private record ReadOnly<K, V>(State<K, V> state) implements ReadOnlyBroadcastState<K, V> {
    @Override
    public V get(K key) {
      return state.get(key);
    }

    @Override
    public boolean contains(K key) {
      return state.contains(key);
    }

    @Override
    public Iterable<Map.Entry<K, V>> immutableEntries() {
      return state.immutableEntries();
    }

    @Override
    public void clear() {
      throw new UnsupportedOperationException("broadcast state is read-only on the non-broadcast side");
    }
  }
}
