package io.weft.api.source;

/** Receives what a source reader emits. */
public interface ReaderOutput<T> {
  /** Emits an element without a timestamp (or with the one a timestamp assigner gives it later). */
  void collect(T value);

  /** Emits an element with its event-time timestamp in milliseconds. */
  void collect(T value, long timestamp);
}
