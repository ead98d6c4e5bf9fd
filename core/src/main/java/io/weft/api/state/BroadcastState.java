package io.weft.api.state;

import java.util.Iterator;
import java.util.Map;

/**
 * A map that every parallel instance of a broadcast operator holds in full. Only the broadcast
 * side changes it, and it must change it alike everywhere (deterministically from the broadcast
 * elements): each subtask checkpoints its own copy, and a restore at any parallelism gives every
 * subtask the same one.
 */
public interface BroadcastState<K, V> extends ReadOnlyBroadcastState<K, V> {
  void put(K key, V value) throws Exception;

  void putAll(Map<K, V> map) throws Exception;

  void remove(K key) throws Exception;

  Iterator<Map.Entry<K, V>> iterator() throws Exception;

  Iterable<Map.Entry<K, V>> entries() throws Exception;
}
