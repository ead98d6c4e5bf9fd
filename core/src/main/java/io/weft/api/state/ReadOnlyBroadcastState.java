package io.weft.api.state;

import java.util.Map;

/** Broadcast state as the non-broadcast side of a broadcast connection sees it: read only. */
public interface ReadOnlyBroadcastState<K, V> extends State {
  V get(K key) throws Exception;

  boolean contains(K key) throws Exception;

  /** The entries, which must not be changed. */
  Iterable<Map.Entry<K, V>> immutableEntries() throws Exception;
}
