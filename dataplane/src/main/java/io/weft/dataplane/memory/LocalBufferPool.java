package io.weft.dataplane.memory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The buffers of one result partition or one input gate: a few exclusive segments per channel
 * plus a floating quota any channel may take. Exclusive segments guarantee every channel progress
 * (one slow channel cannot starve the others); floating ones absorb bursts on busy channels.
 *
 * <p>All segments are taken from the {@link NetworkBufferPool} up front, so a pool that exists
 * can always hand out its quota and never deadlocks on the global pool. A recycled segment goes
 * back to where it belongs: an exclusive one to its channel's listener (or free list), a floating
 * one to the first channel waiting for one (or the shared free list).
 */
public final class LocalBufferPool implements BufferRecycler {
  private final NetworkBufferPool global;
  private final String name;
  private final int exclusivePerChannel;
  private final int floatingTotal;
  private final ArrayDeque<MemorySegment>[] exclusiveFree;
  private final BufferListener[] channelListeners;
  private final ArrayDeque<MemorySegment> floatingFree = new ArrayDeque<>();
  private final ArrayDeque<BufferListener> floatingWaiters = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition recycled = lock.newCondition();
  private boolean destroyed;

  @SuppressWarnings({"unchecked", "rawtypes"})
  public LocalBufferPool(NetworkBufferPool global, String name, int channels, int exclusivePerChannel, int floating,
      Duration timeout) throws IOException, InterruptedException {
    if (channels < 1 || exclusivePerChannel < 0 || floating < 0 || exclusivePerChannel + floating < 1) {
      throw new IllegalArgumentException("buffer pool " + name + ": need at least 1 channel and 1 buffer, got "
          + channels + " channels, " + exclusivePerChannel + " exclusive, " + floating + " floating");
    }
    this.global = global;
    this.name = name;
    this.exclusivePerChannel = exclusivePerChannel;
    this.floatingTotal = floating;
    this.exclusiveFree = new ArrayDeque[channels];
    this.channelListeners = new BufferListener[channels];
    List<MemorySegment> segments = global.requestSegments(channels * exclusivePerChannel + floating, timeout);
    int next = 0;
    for (int c = 0; c < channels; c++) {
      exclusiveFree[c] = new ArrayDeque<>(exclusivePerChannel);
      for (int i = 0; i < exclusivePerChannel; i++) {
        adopt(segments.get(next++), c, exclusiveFree[c]);
      }
    }
    while (next < segments.size()) {
      adopt(segments.get(next++), -1, floatingFree);
    }
  }

  private void adopt(MemorySegment s, int channel, ArrayDeque<MemorySegment> freeList) {
    s.takeBack();
    s.assign(this, channel);
    freeList.add(s);
  }

  public String name() {
    return name;
  }

  public int numberOfChannels() {
    return exclusiveFree.length;
  }

  public int exclusivePerChannel() {
    return exclusivePerChannel;
  }

  /** Routes the channel's recycled exclusive segments to {@code listener} (null: keep them here). */
  public void setChannelListener(int channel, BufferListener listener) {
    lock.lock();
    try {
      channelListeners[channel] = listener;
    } finally {
      lock.unlock();
    }
  }

  /** A free exclusive segment of {@code channel}, or null. */
  public MemorySegment requestExclusive(int channel) {
    lock.lock();
    try {
      checkAlive();
      return handOut(exclusiveFree[channel].poll());
    } finally {
      lock.unlock();
    }
  }

  /**
   * A free floating segment, or null; then {@code waiter} (if not null and not yet waiting) is
   * offered the next recycled floating segment.
   */
  public MemorySegment requestFloating(BufferListener waiter) {
    lock.lock();
    try {
      checkAlive();
      MemorySegment s = floatingFree.poll();
      if (s == null && waiter != null && !floatingWaiters.contains(waiter)) {
        floatingWaiters.add(waiter);
      }
      return handOut(s);
    } finally {
      lock.unlock();
    }
  }

  /** An exclusive segment of {@code channel}, else a floating one, else null. */
  public MemorySegment request(int channel) {
    lock.lock();
    try {
      checkAlive();
      MemorySegment s = exclusiveFree[channel].poll();
      return handOut(s != null ? s : floatingFree.poll());
    } finally {
      lock.unlock();
    }
  }

  /** Like {@link #request} but waits for a recycled segment: a writer's backpressure. */
  public MemorySegment requestBlocking(int channel) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (true) {
        checkAlive();
        MemorySegment s = exclusiveFree[channel].poll();
        if (s == null) {
          s = floatingFree.poll();
        }
        if (s != null) {
          return handOut(s);
        }
        recycled.await();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * The most buffers one channel can hold: its exclusive ones and the whole floating share. A
   * channel's queue measured against this says how close it is to stalling.
   */
  public int buffersPerChannelAndShare() {
    return exclusivePerChannel + floatingTotal;
  }

  public int availableFloating() {
    lock.lock();
    try {
      return floatingFree.size();
    } finally {
      lock.unlock();
    }
  }

  public int availableExclusive(int channel) {
    lock.lock();
    try {
      return exclusiveFree[channel].size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void recycle(MemorySegment segment) {
    BufferListener target;
    lock.lock();
    try {
      segment.takeBack();
      target = routeLocked(segment, true);
    } finally {
      lock.unlock();
    }
    // Listeners run outside the lock: they take their own locks and may call back into the pool.
    while (target != null) {
      if (target.bufferAvailable(segment)) {
        return;
      }
      lock.lock();
      try {
        segment.takeBack();
        // A declining exclusive listener is not asked again: the segment waits in its free list.
        target = routeLocked(segment, segment.exclusiveChannel() < 0);
      } finally {
        lock.unlock();
      }
    }
  }

  /** Puts a returned segment where it belongs; returns a listener to offer it to, if any. */
  private BufferListener routeLocked(MemorySegment segment, boolean mayOffer) {
    if (destroyed) {
      segment.handOut();
      global.recycle(segment);
      return null;
    }
    int channel = segment.exclusiveChannel();
    BufferListener target = null;
    if (mayOffer) {
      target = channel >= 0 ? channelListeners[channel] : floatingWaiters.poll();
    }
    if (target == null) {
      (channel >= 0 ? exclusiveFree[channel] : floatingFree).add(segment);
      recycled.signalAll();
      return null;
    }
    segment.handOut();
    return target;
  }

  private MemorySegment handOut(MemorySegment s) {
    if (s != null) {
      s.handOut();
    }
    return s;
  }

  private void checkAlive() {
    if (destroyed) {
      throw new IllegalStateException("buffer pool " + name + " was destroyed");
    }
  }

  /**
   * Returns the free segments to the global pool now, and the ones still in use as soon as they
   * are recycled. Wakes writers waiting for a segment, which then fail.
   */
  public void destroy() {
    List<MemorySegment> back = new ArrayList<>();
    lock.lock();
    try {
      if (destroyed) {
        return;
      }
      destroyed = true;
      for (ArrayDeque<MemorySegment> q : exclusiveFree) {
        back.addAll(q);
        q.clear();
      }
      back.addAll(floatingFree);
      floatingFree.clear();
      floatingWaiters.clear();
      recycled.signalAll();
    } finally {
      lock.unlock();
    }
    for (MemorySegment s : back) {
      s.handOut();
      global.recycle(s);
    }
  }
}
