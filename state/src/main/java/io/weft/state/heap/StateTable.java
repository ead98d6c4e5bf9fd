package io.weft.state.heap;

import io.weft.core.plan.KeyGroups;
import io.weft.core.types.TypeSerializer;
import java.util.HashMap;
import java.util.function.Supplier;

/**
 * One state's entries on the heap, split by key group so that snapshots and rescaling can work a
 * key group at a time: key group -> (key, namespace) -> entry. One hash lookup per access; the
 * key group of the last key is remembered, since every access while one element is processed
 * uses the same key object.
 *
 * <p>Snapshots are copy-on-write, so that the synchronous part costs one array copy per state
 * and the task is not held up by the size of its state. A snapshot keeps the key group maps as
 * they are ({@link #snapshotMaps()}); from then on, while it runs, the table copies a key group
 * map before its first change (a shallow copy) and an entry's value before handing it out or
 * changing it (a deep copy by the value serializer, because values such as lists, maps and
 * accumulators are changed in place). Entries are immutable; a change replaces the entry. The
 * alternative, copying every table deeply at snapshot time, would stall the task for as long as
 * serializing it takes.
 */
final class StateTable<K, V> {
  private final int maxParallelism;
  private final int firstKeyGroup;
  private final SnapshotEpochs epochs;
  private final Supplier<TypeSerializer<V>> values;
  private final KeyGroupMap<V>[] byKeyGroup;
  private Object lastKey;
  private int lastIndex;
  /** The identity {@link #get} looked up last: the put that usually follows reuses it. */
  private KeyAndNamespace lastLookup;

  /** An entry's identity, with its hash computed once (every access hashes it). */
  static final class KeyAndNamespace {
    private final Object key;
    private final Object namespace;
    private final int hash;

    KeyAndNamespace(Object key, Object namespace) {
      this.key = key;
      this.namespace = namespace;
      this.hash = mix(key.hashCode() * 0x9E3779B9 + namespace.hashCode());
    }

    /**
     * Murmur3's finalizer. Keys and window namespaces are often arithmetic sequences, whose plain
     * linear combination collides by the thousand in one HashMap bin.
     */
    private static int mix(int h) {
      h ^= h >>> 16;
      h *= 0x85EBCA6B;
      h ^= h >>> 13;
      h *= 0xC2B2AE35;
      return h ^ (h >>> 16);
    }

    Object key() {
      return key;
    }

    Object namespace() {
      return namespace;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof KeyAndNamespace other && hash == other.hash && key.equals(other.key)
          && namespace.equals(other.namespace);
    }
  }

  /**
   * A value and the epoch it was stored in. An entry of the current epoch is in no snapshot (one
   * that started since would have advanced the epoch), so its value may be replaced in place;
   * older entries are replaced by new ones.
   */
  static final class Entry<V> {
    private V value;
    private final int epoch;

    Entry(V value, int epoch) {
      this.value = value;
      this.epoch = epoch;
    }

    V value() {
      return value;
    }

    int epoch() {
      return epoch;
    }
  }

  /** The entries of one key group, and the epoch the map was created in. */
  record KeyGroupMap<V>(HashMap<KeyAndNamespace, Entry<V>> map, int epoch) {}

  @SuppressWarnings("unchecked")
  StateTable(int maxParallelism, int firstKeyGroup, int numKeyGroups, SnapshotEpochs epochs,
      Supplier<TypeSerializer<V>> values) {
    this.maxParallelism = maxParallelism;
    this.firstKeyGroup = firstKeyGroup;
    this.epochs = epochs;
    this.values = values;
    this.byKeyGroup = new KeyGroupMap[numKeyGroups];
  }

  private int index(Object key) {
    if (key != lastKey) {
      int index = KeyGroups.keyGroupFor(key, maxParallelism) - firstKeyGroup;
      if (index < 0 || index >= byKeyGroup.length) {
        throw new IllegalStateException("key " + key + " belongs to key group " + (index + firstKeyGroup)
            + ", which this subtask does not own: was the stream partitioned by a different key?");
      }
      lastKey = key;
      lastIndex = index;
    }
    return lastIndex;
  }

  /** The key group map at {@code i}, copied first if a running snapshot may read it. */
  private HashMap<KeyAndNamespace, Entry<V>> writable(int i) {
    KeyGroupMap<V> g = byKeyGroup[i];
    if (g == null) {
      g = byKeyGroup[i] = new KeyGroupMap<>(new HashMap<>(), epochs.current());
    } else if (g.epoch() <= epochs.sharedUpTo()) {
      g = byKeyGroup[i] = new KeyGroupMap<>(new HashMap<>(g.map()), epochs.current());
    }
    return g.map();
  }

  V get(K key, Object namespace) {
    int i = index(key);
    KeyGroupMap<V> g = byKeyGroup[i];
    if (g == null) {
      return null;
    }
    KeyAndNamespace kn = new KeyAndNamespace(key, namespace);
    lastLookup = kn;
    Entry<V> e = g.map().get(kn);
    if (e == null) {
      return null;
    }
    if (e.epoch() <= epochs.sharedUpTo()) {
      // The caller may change the value in place; a running snapshot must keep seeing the old one.
      e = new Entry<>(values.get().copy(e.value()), epochs.current());
      writable(i).put(kn, e);
    }
    return e.value();
  }

  void put(K key, Object namespace, V value) {
    int i = index(key);
    KeyAndNamespace last = lastLookup;
    KeyAndNamespace kn = last != null && last.key == key && last.namespace == namespace ? last
        : new KeyAndNamespace(key, namespace);
    KeyGroupMap<V> g = byKeyGroup[i];
    Entry<V> e = g == null ? null : g.map().get(kn);
    if (e != null && e.epoch > epochs.sharedUpTo()) {
      e.value = value; // in no snapshot: see Entry
      return;
    }
    writable(i).put(kn, new Entry<>(value, epochs.current()));
  }

  void remove(K key, Object namespace) {
    int i = index(key);
    KeyGroupMap<V> g = byKeyGroup[i];
    if (g == null) {
      return;
    }
    KeyAndNamespace kn = new KeyAndNamespace(key, namespace);
    if (g.epoch() <= epochs.sharedUpTo() && !g.map().containsKey(kn)) {
      return; // nothing to remove: do not copy the map for it
    }
    writable(i).remove(kn);
  }

  /** Adds a restored entry of key group {@code keyGroup}; checks the key really hashes there. */
  void putRestored(int keyGroup, Object key, Object namespace, V value) {
    int expected = KeyGroups.keyGroupFor(key, maxParallelism);
    if (expected != keyGroup) {
      throw new IllegalStateException("restored key " + key + " was stored in key group " + keyGroup
          + " but now hashes to key group " + expected + ": did the key type's hashCode() change?");
    }
    writable(keyGroup - firstKeyGroup).put(new KeyAndNamespace(key, namespace), new Entry<>(value, epochs.current()));
  }

  /**
   * The key group maps as they are now, for a snapshot that has just started (the caller took its
   * epoch from {@link SnapshotEpochs#start()} before or after this; both are safe on the task
   * thread). Index i is key group first + i; null for key groups without entries.
   */
  KeyGroupMap<V>[] snapshotMaps() {
    return byKeyGroup.clone();
  }

  /** The keys with an entry in any namespace, each once, in key-group order. */
  java.util.List<Object> keys() {
    java.util.LinkedHashSet<Object> keys = new java.util.LinkedHashSet<>();
    for (KeyGroupMap<V> g : byKeyGroup) {
      if (g != null) {
        g.map().keySet().forEach(kn -> keys.add(kn.key()));
      }
    }
    return new java.util.ArrayList<>(keys);
  }

  int size() {
    int n = 0;
    for (KeyGroupMap<V> g : byKeyGroup) {
      if (g != null) {
        n += g.map().size();
      }
    }
    return n;
  }
}
