package io.weft.dataplane.channel;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A channel between two subtasks in the same JVM: a bounded queue of batches and events handed
 * over by reference, with no serialization. A full channel blocks its producer: that is
 * backpressure, and it slows only the producers of this channel.
 */
public final class LocalChannel implements InputChannel, OutputChannel {
  private final String name;
  private final int capacity;
  private final ArrayDeque<Object> queue;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notFull = lock.newCondition();
  private InputGate gate;
  private int indexInGate;
  private long blockedNanos;

  public LocalChannel(String name, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("channel capacity must be at least 1");
    }
    this.name = name;
    this.capacity = capacity;
    this.queue = new ArrayDeque<>(capacity);
  }

  @Override
  public void attach(InputGate gate, int indexInGate) {
    this.gate = gate;
    this.indexInGate = indexInGate;
  }

  @Override
  public void send(Object item) throws InterruptedException {
    boolean becameNonEmpty;
    lock.lockInterruptibly();
    try {
      if (queue.size() >= capacity) {
        long start = System.nanoTime();
        while (queue.size() >= capacity) {
          notFull.await(100, TimeUnit.MILLISECONDS);
        }
        blockedNanos += System.nanoTime() - start;
      }
      becameNonEmpty = queue.isEmpty();
      queue.addLast(item);
    } finally {
      lock.unlock();
    }
    if (becameNonEmpty) {
      gate.channelBecameAvailable(indexInGate);
    }
  }

  @Override
  public Object take(boolean[] stillAvailable) {
    lock.lock();
    try {
      Object item = queue.pollFirst();
      stillAvailable[0] = !queue.isEmpty();
      // A blocked producer resumes once the queue is down to half: it then adds several items in
      // a row instead of being woken (a context switch or two) for every single free place.
      if (queue.size() <= capacity / 2) {
        notFull.signal();
      }
      return item;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public double fill() {
    lock.lock();
    try {
      return (double) queue.size() / capacity;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long blockedNanos() {
    lock.lock();
    try {
      return blockedNanos;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
