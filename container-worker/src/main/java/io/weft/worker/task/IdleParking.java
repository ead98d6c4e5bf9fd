package io.weft.worker.task;

import java.util.concurrent.locks.LockSupport;

/**
 * Parks a task's thread when it has nothing to do and counts that time as idle (Flink's idle
 * time), the park under way included: an idle task may stay parked for minutes. One thread parks;
 * any thread reads.
 */
final class IdleParking {
  /** Idle time of the parks that ended. */
  private volatile long idleNanos;
  /** When the current park began (System.nanoTime()), or 0 while the thread works. */
  private volatile long parkedSince;

  /** Parks the calling thread for at most {@code nanos} (0: until woken), {@code blocker} naming why. */
  void park(Object blocker, long nanos) {
    long start = System.nanoTime();
    parkedSince = start;
    if (nanos > 0) {
      LockSupport.parkNanos(blocker, nanos);
    } else {
      LockSupport.park(blocker);
    }
    long end = System.nanoTime();
    parkedSince = 0; // before the total grows, so a reader never counts this park twice
    idleNanos += end - start;
  }

  long idleNanos() {
    long total = idleNanos; // read before parkedSince: a park ending in between is missed once, never counted twice
    long since = parkedSince;
    return since == 0 ? total : total + Math.max(0, System.nanoTime() - since);
  }
}
