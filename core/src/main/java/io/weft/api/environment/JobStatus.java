package io.weft.api.environment;

/** Where a job is in its life. */
public enum JobStatus {
  CREATED,
  RUNNING,
  FINISHED,
  FAILED,
  CANCELED;

  public boolean isTerminal() {
    return this == FINISHED || this == FAILED || this == CANCELED;
  }
}
