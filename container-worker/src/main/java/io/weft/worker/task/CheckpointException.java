package io.weft.worker.task;

/** A task could not take its part of a checkpoint; the task fails with it. */
public final class CheckpointException extends RuntimeException {
  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
