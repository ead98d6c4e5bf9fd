package io.weft.api.source;

/** Receives what a source reader emits. */
public interface ReaderOutput<T> {
  /** Emits an element without a timestamp (or with the one a timestamp assigner gives it later). */
  void collect(T value);

  /** Emits an element with its event-time timestamp in milliseconds. */
  void collect(T value, long timestamp);

  /**
   * Event time of everything this reader emits reached {@code timestamp}, for readers that make
   * their own watermarks (the Kafka source, per partition). Watermarks that do not rise are dropped.
   */
  default void emitWatermark(long timestamp) {
    throw new UnsupportedOperationException(getClass().getName() + " takes no watermarks from its reader");
  }

  /** This reader will emit nothing for a while: downstream stops waiting for its watermark. */
  default void markIdle() {
    throw new UnsupportedOperationException(getClass().getName() + " takes no idleness from its reader");
  }
}
