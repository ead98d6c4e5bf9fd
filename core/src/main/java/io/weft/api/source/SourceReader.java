package io.weft.api.source;

/**
 * Reads one subtask's share of a source. The runtime calls {@link #pollNext} on the task's own
 * thread, between timers and control actions, so a reader must not block for long: emit what is
 * at hand and return.
 */
public interface SourceReader<T> extends AutoCloseable {

  /** Emits up to a small batch of elements; tells whether more are ready, none yet, or the end. */
  InputStatus pollNext(ReaderOutput<T> output) throws Exception;

  /**
   * The share of this subtask's input read so far, from 0 to 1, or a negative number when there is
   * no end to measure against (unbounded input). Called from another thread; an estimate is fine.
   */
  default double progress() {
    return -1;
  }

  /**
   * Where the reader is, for a checkpoint: called on the task's thread between two polls; the
   * elements emitted so far are before it. Null if the reader cannot resume (after a failure it
   * then starts from the beginning, and the job is at-least-once).
   */
  default byte[] snapshotPosition() {
    return null;
  }

  /**
   * The same as {@link #snapshotPosition()}, told which checkpoint it is for, so the reader can
   * match the position with {@link #notifyCheckpointComplete} later. The runtime calls this one.
   */
  default byte[] snapshotPosition(long checkpointId) {
    return snapshotPosition();
  }

  /** Continues from a position {@link #snapshotPosition()} returned; called before the first poll. */
  default void restorePosition(byte[] position) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot resume from a position");
  }

  /**
   * Restored at another parallelism, before the first poll: the position of every old subtask
   * (indexed by old subtask, null where one had none). Every new subtask gets all of them and must
   * read exactly what none of them had read, of its own share. Readers that cannot split their
   * position leave this refused, and the job then has to be restored at the old parallelism.
   */
  default void restoreRescaled(java.util.List<byte[]> positionsOfEveryOldSubtask) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot resume at another parallelism");
  }

  /**
   * Checkpoint {@code checkpointId} completed: a reader may tell an outside system how far it got
   * (Kafka's committed offsets, for lag tools). Never needed for recovery, which uses the
   * checkpointed position; called on the task's thread between two polls.
   */
  default void notifyCheckpointComplete(long checkpointId) throws Exception {}

  @Override
  default void close() throws Exception {}
}
