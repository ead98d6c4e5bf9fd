package io.weft.core.rpc;

/**
 * The state of a subtask as the JobManager and TaskManagers report it to each other. The names
 * match the worker's {@code ExecutionState}, so {@code TaskState.valueOf(state.name())} converts.
 * On the wire each state is its {@link #code()}, fixed here, so reordering the constants is safe.
 */
public enum TaskState {
  DEPLOYING(1),
  RUNNING(2),
  FINISHED(3),
  FAILED(4),
  CANCELED(5);

  private final int code;

  TaskState(int code) {
    this.code = code;
  }

  int code() {
    return code;
  }

  public boolean isTerminal() {
    return this == FINISHED || this == FAILED || this == CANCELED;
  }

  /** The state with this wire code, or null. */
  static TaskState ofCode(int code) {
    for (TaskState s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    return null;
  }
}
