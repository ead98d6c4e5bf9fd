package io.weft.worker.task;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Actions for a task's thread: timers, flushes, control. Any thread may put; only the task's thread
 * runs them, between elements, so operators never need locks.
 */
final class Mailbox {
  private final ConcurrentLinkedQueue<Runnable> mails = new ConcurrentLinkedQueue<>();
  private volatile Thread owner;

  void setOwner(Thread owner) {
    this.owner = owner;
  }

  void put(Runnable mail) {
    mails.add(mail);
    wakeOwner();
  }

  /** Unparks the task's thread if it waits for mail or input. */
  void wakeOwner() {
    Thread t = owner;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  boolean isEmpty() {
    return mails.isEmpty();
  }

  /** Runs every mail waiting now. */
  void runAll() {
    Runnable mail;
    while ((mail = mails.poll()) != null) {
      mail.run();
    }
  }
}
