package io.weft.dataplane.memory;

import java.nio.ByteBuffer;

/**
 * A fixed-size off-heap buffer plus the number of valid bytes in it. Off-heap so that netty can
 * hand it to the socket without copying it first. Segments are allocated once by the
 * {@link NetworkBufferPool} and recycled, never freed, while the TaskManager runs.
 *
 * <p>Not thread-safe: one user at a time, handed over through the pools and channels, whose
 * locks order the accesses.
 */
public final class MemorySegment {
  public static final int DEFAULT_SIZE = 32 * 1024;

  private final ByteBuffer memory;
  private int length;
  private BufferRecycler recycler;
  /** The pool channel this segment is exclusive to, or -1 for a floating or unassigned segment. */
  private int exclusiveChannel = -1;
  /** Whether the segment is out of its pool; catches double recycling, which would corrupt the free lists. */
  private boolean inUse;

  MemorySegment(int size) {
    this.memory = ByteBuffer.allocateDirect(size);
  }

  /** The capacity in bytes. */
  public int size() {
    return memory.capacity();
  }

  /** The number of valid bytes, from offset 0. */
  public int length() {
    return length;
  }

  public void setLength(int length) {
    if (length < 0 || length > memory.capacity()) {
      throw new IndexOutOfBoundsException("length " + length + " outside segment of " + memory.capacity() + " bytes");
    }
    this.length = length;
  }

  /** Free bytes after the valid ones. */
  public int remaining() {
    return memory.capacity() - length;
  }

  /** Appends bytes after the valid ones; the caller checks {@link #remaining()}. */
  public void append(byte[] src, int offset, int count) {
    memory.put(length, src, offset, count);
    length += count;
  }

  /** A view of the valid bytes (position 0, limit {@link #length()}), sharing the memory. */
  public ByteBuffer data() {
    return memory.duplicate().limit(length);
  }

  /** A view of the free bytes (position {@link #length()}, limit {@link #size()}), sharing the memory. */
  public ByteBuffer free() {
    return memory.duplicate().position(length);
  }

  /** Whether this segment is one of a channel's exclusive buffers (else floating). */
  public int exclusiveChannel() {
    return exclusiveChannel;
  }

  /** Hands the segment back to the pool it came from. */
  public void recycle() {
    recycler.recycle(this);
  }

  void assign(BufferRecycler recycler, int exclusiveChannel) {
    this.recycler = recycler;
    this.exclusiveChannel = exclusiveChannel;
  }

  void handOut() {
    length = 0;
    inUse = true;
  }

  /** Marks the segment returned; throws if it already was. */
  void takeBack() {
    if (!inUse) {
      throw new IllegalStateException("memory segment recycled twice");
    }
    inUse = false;
  }
}
