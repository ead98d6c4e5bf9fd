package io.weft.api.sink;

/** Writes one subtask's elements. Called on the task's thread only. */
public interface SinkWriter<T> extends AutoCloseable {
  /** Writes one element; {@code timestamp} is null for elements without one. */
  void write(T value, Long timestamp) throws Exception;

  /** Called once when the input has ended, before close, so the writer can make its output final. */
  default void finish() throws Exception {}

  /** Releases resources; also called on failure and cancellation, without {@link #finish}. */
  @Override
  default void close() throws Exception {}
}
