package io.weft.state.heap;

import io.weft.core.plan.KeyGroups;
import java.util.HashMap;

/**
 * One state's entries on the heap, split by key group so that snapshots and rescaling can work a
 * key group at a time: key group -> (key, namespace) -> value. One hash lookup per access; the
 * key group of the last key is remembered, since every access while one element is processed
 * uses the same key object.
 */
final class StateTable<K, V> {
  private final int maxParallelism;
  private final int firstKeyGroup;
  private final HashMap<KeyAndNamespace, V>[] byKeyGroup;
  private Object lastKey;
  private int lastIndex;

  /** An entry's identity. */
  private record KeyAndNamespace(Object key, Object namespace) {}

  @SuppressWarnings("unchecked")
  StateTable(int maxParallelism, int firstKeyGroup, int numKeyGroups) {
    this.maxParallelism = maxParallelism;
    this.firstKeyGroup = firstKeyGroup;
    this.byKeyGroup = new HashMap[numKeyGroups];
  }

  private int index(K key) {
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

  V get(K key, Object namespace) {
    HashMap<KeyAndNamespace, V> g = byKeyGroup[index(key)];
    return g == null ? null : g.get(new KeyAndNamespace(key, namespace));
  }

  void put(K key, Object namespace, V value) {
    int i = index(key);
    HashMap<KeyAndNamespace, V> g = byKeyGroup[i];
    if (g == null) {
      g = byKeyGroup[i] = new HashMap<>();
    }
    g.put(new KeyAndNamespace(key, namespace), value);
  }

  void remove(K key, Object namespace) {
    HashMap<KeyAndNamespace, V> g = byKeyGroup[index(key)];
    if (g != null) {
      g.remove(new KeyAndNamespace(key, namespace));
    }
  }

  int size() {
    int n = 0;
    for (HashMap<KeyAndNamespace, V> g : byKeyGroup) {
      if (g != null) {
        n += g.size();
      }
    }
    return n;
  }
}
