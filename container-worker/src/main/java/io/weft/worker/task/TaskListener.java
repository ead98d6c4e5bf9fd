package io.weft.worker.task;

/** Hears of a task's state changes; called on the task's thread. */
public interface TaskListener {
  void stateChanged(Task task, ExecutionState state, Throwable failure);
}
