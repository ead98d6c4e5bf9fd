package io.weft.api.sink;

/** Writes one subtask's elements. Called on the task's thread only. */
public interface SinkWriter<T> extends AutoCloseable {
  /** Writes one element; {@code timestamp} is null for elements without one. */
  void write(T value, Long timestamp) throws Exception;

  /**
   * The sink's event time moved to {@code watermark} (Flink's {@code SinkWriter.writeWatermark}):
   * for sinks that act on event-time progress, such as committing time partitions.
   */
  default void writeWatermark(long watermark) throws Exception {}

  /**
   * A checkpoint's barrier reached the sink: make everything written so far durable (not yet
   * visible, for a transactional writer) and return what a restart needs to finish the job of it;
   * null if the writer keeps nothing.
   */
  default byte[] snapshotState(long checkpointId) throws Exception {
    return null;
  }

  /** Checkpoint {@code checkpointId} is complete: what was prepared for it may be made visible. */
  default void notifyCheckpointComplete(long checkpointId) throws Exception {}

  /**
   * After a restart, before the first write: the state {@link #snapshotState} returned at the
   * restored checkpoint, or null when the job restarted without one (from the beginning).
   */
  default void restoreState(byte[] state) throws Exception {}

  /**
   * Restored at another parallelism, before the first write: the states of the old subtasks this
   * subtask takes over (old subtask j goes to new subtask j mod the new parallelism; possibly none).
   * A writer whose state names its subtask (files, transactions) should override this; by default
   * one state is handed to {@link #restoreState}, and more than one is refused.
   */
  default void restoreRescaled(java.util.List<byte[]> states) throws Exception {
    if (states.size() > 1) {
      throw new UnsupportedOperationException(getClass().getName() + " cannot take over the state of "
          + states.size() + " old subtasks");
    }
    restoreState(states.isEmpty() ? null : states.get(0));
  }

  /** Called once when the input has ended, before close, so the writer can make its output final. */
  default void finish() throws Exception {}

  /** Releases resources; also called on failure and cancellation, without {@link #finish}. */
  @Override
  default void close() throws Exception {}
}
