package io.weft.state.rocksdb;

/**
 * Keeps the native database open while asynchronous snapshot parts use it: each takes a lease,
 * and {@link #closeAndWait()} refuses new leases and waits for the running ones to end. Without
 * it, closing the backend under a running upload would crash the JVM in native code.
 */
final class LeaseGuard {
  private int leases;
  private boolean closing;

  synchronized void acquire() {
    if (closing) {
      throw new IllegalStateException("the RocksDB backend is closed");
    }
    leases++;
  }

  synchronized void release() {
    leases--;
    notifyAll();
  }

  synchronized void closeAndWait() {
    closing = true;
    boolean interrupted = false;
    while (leases > 0) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
