package io.weft.worker.task;

/**
 * Hears of a task's state changes (on the task's thread) and checkpoints (on the thread that
 * uploaded the state).
 */
public interface TaskListener {
  void stateChanged(Task task, ExecutionState state, Throwable failure);

  /**
   * The task has taken its part of checkpoint {@code checkpointId} and passed the barrier on;
   * {@code state} describes where its state went (empty for a task without state).
   */
  default void checkpointAcknowledged(Task task, long checkpointId, byte[] state) {}
}
