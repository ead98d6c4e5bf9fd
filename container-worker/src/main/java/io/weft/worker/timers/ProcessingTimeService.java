package io.weft.worker.timers;

/** The wall clock of a task, and a way to run an action on the task's thread at a given time. */
public interface ProcessingTimeService {
  long now();

  /** Runs {@code action} on the task's own thread (through its mailbox) at or after {@code time}. */
  void scheduleAt(long time, Runnable action);
}
