package io.weft.dataplane.memory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All the network memory of one TaskManager: a fixed number of segments, allocated once, so that
 * the data plane's memory is bounded and known up front. {@link LocalBufferPool}s take their
 * share from here.
 */
public final class NetworkBufferPool implements BufferRecycler {
  private static final Logger LOG = LoggerFactory.getLogger(NetworkBufferPool.class);

  private final int segmentSize;
  private final int total;
  private final ArrayDeque<MemorySegment> free;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition returned = lock.newCondition();
  private boolean destroyed;

  public NetworkBufferPool(int numberOfSegments, int segmentSize) {
    if (numberOfSegments < 1 || segmentSize < 64) {
      throw new IllegalArgumentException(
          "need at least 1 segment of at least 64 bytes, got " + numberOfSegments + " x " + segmentSize);
    }
    this.segmentSize = segmentSize;
    this.total = numberOfSegments;
    this.free = new ArrayDeque<>(numberOfSegments);
    for (int i = 0; i < numberOfSegments; i++) {
      MemorySegment s = new MemorySegment(segmentSize);
      s.assign(this, -1);
      free.add(s);
    }
  }

  public int segmentSize() {
    return segmentSize;
  }

  public int totalSegments() {
    return total;
  }

  public int availableSegments() {
    lock.lock();
    try {
      return free.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes {@code count} segments, all or none, waiting up to {@code timeout} for others to return
   * theirs. Failing rather than waiting forever turns a misconfigured pool into a clear error.
   */
  public List<MemorySegment> requestSegments(int count, Duration timeout) throws IOException, InterruptedException {
    if (count > total) {
      throw new IOException(insufficient(count, "the pool only has " + total));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lockInterruptibly();
    try {
      while (!destroyed && free.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IOException(insufficient(count, "only " + free.size() + " of " + total
              + " were free after waiting " + timeout.toMillis() + " ms"));
        }
        returned.awaitNanos(left);
      }
      if (destroyed) {
        throw new IllegalStateException("the network buffer pool was destroyed");
      }
      List<MemorySegment> out = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        MemorySegment s = free.poll();
        s.handOut();
        out.add(s);
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  private String insufficient(int count, String why) {
    return "insufficient network buffers: requested " + count + " segments of " + segmentSize + " bytes, but "
        + why + "; give the TaskManager more network memory (taskmanager.memory.network.fraction/min/max, or a "
        + "larger -ytm) or use fewer channels or buffers (taskmanager.network.memory.buffers-per-channel, "
        + "taskmanager.network.memory.floating-buffers-per-gate)";
  }

  @Override
  public void recycle(MemorySegment segment) {
    lock.lock();
    try {
      segment.takeBack();
      segment.assign(this, -1);
      if (!destroyed) {
        free.add(segment);
        returned.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  public void recycleAll(Collection<MemorySegment> segments) {
    for (MemorySegment s : segments) {
      recycle(s);
    }
  }

  /**
   * Releases the pool and returns the number of segments that were never given back (leaks),
   * logging them. Zero is the only healthy answer; tests assert it.
   */
  public int destroy() {
    lock.lock();
    try {
      int leaked = destroyed ? 0 : total - free.size();
      destroyed = true;
      free.clear();
      returned.signalAll();
      if (leaked > 0) {
        LOG.error("network buffer pool destroyed with {} of {} segments never returned (leaked)", leaked, total);
      }
      return leaked;
    } finally {
      lock.unlock();
    }
  }
}
