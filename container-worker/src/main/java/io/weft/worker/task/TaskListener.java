package io.weft.worker.task;

/**
 * Hears of a task's state changes (on the task's thread) and checkpoints (on the thread that
 * uploaded the state).
 */
public interface TaskListener {
  void stateChanged(Task task, ExecutionState state, Throwable failure);

  /**
   * Source task {@code task} read the end of its input and finished its operators; it stays up
   * until the job's final checkpoint completes, which the job triggers once every source said so.
   */
  default void inputEnded(Task task) {}

  /**
   * The task has taken its part of checkpoint {@code checkpointId} and passed the barrier on;
   * {@code state} describes where its state went (empty for a task without state).
   */
  default void checkpointAcknowledged(Task task, long checkpointId, byte[] state) {}

  /**
   * The same, with the bytes of state written ({@code stateSizeBytes}) and the time from the
   * first barrier to the last on the task's inputs ({@code alignmentMillis}, 0 for a source).
   */
  default void checkpointAcknowledged(Task task, long checkpointId, byte[] state, long stateSizeBytes,
      long alignmentMillis) {
    checkpointAcknowledged(task, checkpointId, state);
  }
}
