package io.weft.worker.timers;

/** What an operator does when one of its timers fires; the key is already set as current. */
public interface TimerCallback<K> {
  void onEventTime(K key, Object namespace, long timestamp) throws Exception;

  void onProcessingTime(K key, Object namespace, long timestamp) throws Exception;
}
