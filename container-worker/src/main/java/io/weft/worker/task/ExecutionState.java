package io.weft.worker.task;

/** The life of one subtask. */
public enum ExecutionState {
  DEPLOYING,
  RUNNING,
  FINISHED,
  FAILED,
  CANCELED;

  public boolean isTerminal() {
    return this == FINISHED || this == FAILED || this == CANCELED;
  }
}
