package io.weft.state.heap;

import io.weft.core.plan.KeyGroups;
import io.weft.core.types.TypeSerializer;
import java.util.function.Supplier;

/**
 * One state's entries on the heap, split by key group so that snapshots and rescaling can work a
 * key group at a time: key group -> {@link KeyGroupMap} of (key, namespace) -> value.
 *
 * <p>The entry found last is remembered for as long as the key context and the namespace stay the
 * same and no entry was added or removed: operators read a state and then write it for the same
 * record (a window's accumulator, a running sum, a list's first element), and the write then costs
 * no second lookup. The key context is counted by the backend ({@link KeyContext}), not compared by
 * the key object, so a key object the caller reuses and changes between records is looked up anew.
 *
 * <p>Snapshots are copy-on-write, so that the synchronous part costs one array copy per state
 * and the task is not held up by the size of its state. A snapshot keeps the key group maps as
 * they are ({@link #snapshotMaps()}); from then on, while it runs, the table copies a key group
 * map before its first change (a shallow copy) and a value before handing it out (a deep copy by
 * the value serializer, because values such as lists, maps and accumulators are changed in place).
 * Each value carries the epoch it was stored in, which tells whether a running snapshot can see
 * it. The alternative, copying every table deeply at snapshot time, would stall the task for as
 * long as serializing it takes.
 */
final class StateTable<K, V> {
  /** Counts the backend's key contexts: a new one starts with each setCurrentKey. */
  static final class KeyContext {
    long generation;
    /**
     * The current key's key group, computed by the first table the context is used with and then
     * shared by all (a window operator reads several states per record); valid while {@code
     * keyGroupGeneration == generation}. Counted, not compared by key object: a per-record key
     * is a new object, and remembering it cost a reference store per record (a GC write barrier).
     */
    long keyGroupGeneration = -1;
    int keyGroup;
  }

  private final int maxParallelism;
  private final int firstKeyGroup;
  private final SnapshotEpochs epochs;
  private final Supplier<TypeSerializer<V>> values;
  private final KeyContext context;
  private final KeyGroupMap[] byKeyGroup;
  /** Counts insertions, removals and map copies: a remembered slot is valid while this stays. */
  private int structure;

  // The last lookup: in which key context, namespace and structure; the key group index, the
  // (key, namespace) hash, and the slot (or -1 - the free slot; NO_MAP when the group had no map).
  private static final int NO_MAP = Integer.MIN_VALUE;
  private boolean cached;
  private long cachedGeneration;
  private Object cachedNamespace;
  private int cachedStructure;
  private int cachedIndex;
  private int cachedHash;
  private int cachedSlot;

  StateTable(int maxParallelism, int firstKeyGroup, int numKeyGroups, SnapshotEpochs epochs,
      Supplier<TypeSerializer<V>> values, KeyContext context) {
    this.maxParallelism = maxParallelism;
    this.firstKeyGroup = firstKeyGroup;
    this.epochs = epochs;
    this.values = values;
    this.context = context;
    this.byKeyGroup = new KeyGroupMap[numKeyGroups];
  }

  /** The index of the current key's key group; {@code key} is the current key (the backend's). */
  private int index(Object key) {
    KeyContext c = context;
    if (c.keyGroupGeneration != c.generation) {
      c.keyGroup = KeyGroups.keyGroupFor(key, maxParallelism);
      c.keyGroupGeneration = c.generation;
    }
    int index = c.keyGroup - firstKeyGroup;
    if (index < 0 || index >= byKeyGroup.length) {
      throw new IllegalStateException("key " + key + " belongs to key group " + c.keyGroup
          + ", which this subtask does not own: was the stream partitioned by a different key?");
    }
    return index;
  }

  /** Finds (key, namespace) unless the last lookup was of the same, and remembers the result. */
  private void lookUp(K key, Object namespace) {
    if (cached && cachedGeneration == context.generation && cachedNamespace == namespace
        && cachedStructure == structure) {
      return;
    }
    int i = index(key);
    int hash = KeyGroupMap.hash(key, namespace);
    KeyGroupMap g = byKeyGroup[i];
    cachedSlot = g == null ? NO_MAP : g.find(key, namespace, hash);
    cachedIndex = i;
    cachedHash = hash;
    cachedGeneration = context.generation;
    if (cachedNamespace != namespace) { // most lookups keep it: skip the reference store's barrier
      cachedNamespace = namespace;
    }
    cachedStructure = structure;
    cached = true;
  }

  /** The key group map at {@code i}, copied first if a running snapshot may read it. */
  private KeyGroupMap writable(int i) {
    KeyGroupMap g = byKeyGroup[i];
    if (g == null) {
      g = byKeyGroup[i] = new KeyGroupMap(epochs.current());
      structure++;
    } else if (g.epoch <= epochs.sharedUpTo()) {
      g = byKeyGroup[i] = g.copy(epochs.current()); // same slots: a remembered slot stays valid
    }
    return g;
  }

  @SuppressWarnings("unchecked")
  V get(K key, Object namespace) {
    lookUp(key, namespace);
    int s = cachedSlot;
    if (s < 0) {
      return null;
    }
    KeyGroupMap g = byKeyGroup[cachedIndex];
    V value = (V) g.value(s);
    if (g.valueEpoch(s) <= epochs.sharedUpTo()) {
      // The caller may change the value in place; a running snapshot must keep seeing the old one.
      value = values.get().copy(value);
      writable(cachedIndex).setValue(s, value, epochs.current());
    }
    return value;
  }

  void put(K key, Object namespace, V value) {
    lookUp(key, namespace);
    KeyGroupMap g = writable(cachedIndex);
    if (cachedSlot == NO_MAP) { // writable() made the map: look again (an empty map's free slot)
      cachedSlot = g.find(key, namespace, cachedHash);
      cachedStructure = structure;
    }
    int s = cachedSlot;
    if (s >= 0) {
      g.setValue(s, value, epochs.current()); // an unshared map; the old value stays as it was
    } else {
      cachedSlot = g.insert(s, key, namespace, cachedHash, value, epochs.current());
      cachedStructure = ++structure;
    }
  }

  void remove(K key, Object namespace) {
    lookUp(key, namespace);
    if (cachedSlot < 0) {
      return; // nothing to remove: do not copy the map for it
    }
    writable(cachedIndex).removeAt(cachedSlot);
    structure++;
  }

  /** Adds a restored entry of key group {@code keyGroup}; checks the key really hashes there. */
  void putRestored(int keyGroup, Object key, Object namespace, V value) {
    int expected = KeyGroups.keyGroupFor(key, maxParallelism);
    if (expected != keyGroup) {
      throw new IllegalStateException("restored key " + key + " was stored in key group " + keyGroup
          + " but now hashes to key group " + expected + ": did the key type's hashCode() change?");
    }
    KeyGroupMap g = writable(keyGroup - firstKeyGroup);
    int hash = KeyGroupMap.hash(key, namespace);
    int s = g.find(key, namespace, hash);
    if (s >= 0) {
      g.setValue(s, value, epochs.current());
    } else {
      g.insert(s, key, namespace, hash, value, epochs.current());
    }
    structure++;
  }

  /**
   * The key group maps as they are now, for a snapshot that has just started (the caller took its
   * epoch from {@link SnapshotEpochs#start()} before or after this; both are safe on the task
   * thread). Index i is key group first + i; null for key groups without entries. The table never
   * changes them after the snapshot's epoch started.
   */
  KeyGroupMap[] snapshotMaps() {
    return byKeyGroup.clone();
  }

  /** The keys with an entry in any namespace, each once, in key-group order. */
  java.util.List<Object> keys() {
    java.util.LinkedHashSet<Object> keys = new java.util.LinkedHashSet<>();
    for (KeyGroupMap g : byKeyGroup) {
      if (g != null) {
        for (int s = 0; s < g.capacity(); s++) {
          if (g.key(s) != null) {
            keys.add(g.key(s));
          }
        }
      }
    }
    return new java.util.ArrayList<>(keys);
  }

  int size() {
    int n = 0;
    for (KeyGroupMap g : byKeyGroup) {
      if (g != null) {
        n += g.size();
      }
    }
    return n;
  }
}
