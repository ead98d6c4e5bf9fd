package io.weft.worker.operators;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One operator's actions for its task's thread, put from any thread (an async result arriving on a
 * client's thread, a timeout). They run in the task's mailbox between elements, so the operator
 * never needs a lock and never emits from another thread.
 *
 * <p>{@link #yieldOnce} lets an operator that must wait (an async operator at its capacity) run its
 * own actions until one came: only its own, never other mails of the task (a checkpoint trigger in
 * the middle of emitting a source record would miss that record). Timers scheduled here go straight
 * to this queue for the same reason.
 */
public final class MailboxExecutor {
  /** Runs an action at a processing time, on some other thread. */
  @FunctionalInterface
  public interface Timer {
    void scheduleAt(long time, Runnable action);
  }

  private final ConcurrentLinkedQueue<Runnable> actions = new ConcurrentLinkedQueue<>();
  private final Consumer<Runnable> taskMailbox;
  private final Timer timer;
  private volatile Thread waiter;

  /**
   * @param taskMailbox puts a mail into the task's mailbox (and wakes the task); null where a test
   *     runs {@link #runPending} by hand
   * @param timer runs an action at a processing time, on its own thread
   */
  public MailboxExecutor(Consumer<Runnable> taskMailbox, Timer timer) {
    this.taskMailbox = taskMailbox;
    this.timer = timer;
  }

  /** Queues {@code action} for the task's thread. Any thread. */
  public void execute(Runnable action) {
    actions.add(action);
    if (taskMailbox != null) {
      taskMailbox.accept(this::runPending);
    }
    Thread w = waiter;
    if (w != null) {
      LockSupport.unpark(w);
    }
  }

  /** Queues {@code action} for the task's thread once processing time reaches {@code time}. */
  public void scheduleAt(long time, Runnable action) {
    timer.scheduleAt(time, () -> execute(action));
  }

  /** Runs every action queued now; on the task's thread. */
  public void runPending() {
    Runnable action;
    while ((action = actions.poll()) != null) {
      action.run();
    }
  }

  /** True when actions wait to run. */
  public boolean hasPending() {
    return !actions.isEmpty();
  }

  /**
   * Waits until an action is queued and runs it; on the task's thread. Cancelling the task
   * interrupts it, which ends the wait with an {@link InterruptedException}.
   */
  public void yieldOnce() throws InterruptedException {
    Runnable action;
    waiter = Thread.currentThread();
    try {
      while ((action = actions.poll()) == null) {
        if (Thread.interrupted()) {
          throw new InterruptedException("interrupted while waiting for an async result");
        }
        LockSupport.park(this);
      }
    } finally {
      waiter = null;
    }
    action.run();
  }
}
