package io.weft.state.heap;

import java.util.TreeSet;

/**
 * Tells the tables which of their objects a running snapshot may still read. Each snapshot takes
 * the current epoch and starts a new one; objects created in an epoch at or below the highest
 * running snapshot's may be shared with it and must be copied before they are changed. With no
 * snapshot running nothing is copied.
 */
final class SnapshotEpochs {
  private final TreeSet<Integer> running = new TreeSet<>();
  private int current;
  private volatile int sharedUpTo = -1;

  /** The epoch of objects created now (task thread). */
  int current() {
    return current;
  }

  /** Objects of this epoch or older may be read by a running snapshot. */
  int sharedUpTo() {
    return sharedUpTo;
  }

  /** Starts a snapshot (task thread); returns its epoch. */
  synchronized int start() {
    int epoch = current++;
    running.add(epoch);
    sharedUpTo = running.last();
    return epoch;
  }

  /** Ends a snapshot (any thread); idempotent. */
  synchronized void end(int epoch) {
    if (running.remove(epoch)) {
      sharedUpTo = running.isEmpty() ? -1 : running.last();
    }
  }
}
