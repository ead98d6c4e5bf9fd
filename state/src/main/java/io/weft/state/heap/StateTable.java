package io.weft.state.heap;

import io.weft.core.plan.KeyGroups;
import java.util.HashMap;
import java.util.Map;

/**
 * One state's entries on the heap, split by key group so that snapshots and rescaling can work a
 * key group at a time: key group -> key -> namespace -> value.
 */
final class StateTable<K, V> {
  private final int maxParallelism;
  private final int firstKeyGroup;
  private final Map<K, Map<Object, V>>[] byKeyGroup;

  @SuppressWarnings("unchecked")
  StateTable(int maxParallelism, int firstKeyGroup, int numKeyGroups) {
    this.maxParallelism = maxParallelism;
    this.firstKeyGroup = firstKeyGroup;
    this.byKeyGroup = new Map[numKeyGroups];
  }

  private Map<K, Map<Object, V>> group(K key, boolean create) {
    int index = KeyGroups.keyGroupFor(key, maxParallelism) - firstKeyGroup;
    if (index < 0 || index >= byKeyGroup.length) {
      throw new IllegalStateException("key " + key + " belongs to key group " + (index + firstKeyGroup)
          + ", which this subtask does not own: was the stream partitioned by a different key?");
    }
    Map<K, Map<Object, V>> g = byKeyGroup[index];
    if (g == null && create) {
      g = byKeyGroup[index] = new HashMap<>();
    }
    return g;
  }

  V get(K key, Object namespace) {
    Map<K, Map<Object, V>> g = group(key, false);
    if (g == null) {
      return null;
    }
    Map<Object, V> byNamespace = g.get(key);
    return byNamespace == null ? null : byNamespace.get(namespace);
  }

  void put(K key, Object namespace, V value) {
    group(key, true).computeIfAbsent(key, k -> new HashMap<>(2)).put(namespace, value);
  }

  void remove(K key, Object namespace) {
    Map<K, Map<Object, V>> g = group(key, false);
    if (g == null) {
      return;
    }
    Map<Object, V> byNamespace = g.get(key);
    if (byNamespace != null) {
      byNamespace.remove(namespace);
      if (byNamespace.isEmpty()) {
        g.remove(key);
      }
    }
  }

  int size() {
    int n = 0;
    for (Map<K, Map<Object, V>> g : byKeyGroup) {
      if (g != null) {
        for (Map<Object, V> byNamespace : g.values()) {
          n += byNamespace.size();
        }
      }
    }
    return n;
  }
}
