package io.weft.worker.taskmanager;

import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a TaskManager does with an error no one caught. A task's thread catches everything its
 * operators throw, an {@code OutOfMemoryError} of a user function too: the task fails naming it,
 * the job restarts, and the TaskManager lives on with the failed task's heap freed. Any other
 * thread (network, heartbeats, timers, uploads) that dies of a {@link VirtualMachineError} leaves
 * a process that may still heartbeat while nothing progresses: a hang. So such a process exits at
 * once with {@link #EXIT_CODE}, and the JobManager replaces it as it replaces any lost
 * TaskManager. {@code -XX:+ExitOnOutOfMemoryError} was not chosen: it would also end the process
 * for the task thread's own, recoverable, errors, and say nothing in the log about which thread.
 */
final class FatalErrors implements Thread.UncaughtExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(FatalErrors.class);

  /** The TaskManager's exit status after a fatal error in a thread of its own. */
  static final int EXIT_CODE = 75;

  private final String taskManagerId;
  private final IntConsumer halt;

  FatalErrors(String taskManagerId, IntConsumer halt) {
    this.taskManagerId = taskManagerId;
    this.halt = halt;
  }

  @Override
  public void uncaughtException(Thread thread, Throwable e) {
    if (e instanceof VirtualMachineError) {
      LOG.error("TaskManager {}: fatal {} in thread '{}'; exiting with status {} so the JobManager replaces it",
          taskManagerId, e, thread.getName(), EXIT_CODE, e);
      halt.accept(EXIT_CODE);
    } else {
      LOG.error("TaskManager {}: uncaught exception in thread '{}'", taskManagerId, thread.getName(), e);
    }
  }
}
