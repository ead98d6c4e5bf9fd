package io.weft.dataplane.memory;

import java.nio.ByteBuffer;

/**
 * A fixed-size off-heap buffer plus the number of valid bytes in it. Off-heap so that netty can
 * hand it to the socket without copying it first. Segments are allocated once by the
 * {@link NetworkBufferPool} and recycled, never freed, while the TaskManager runs.
 *
 * <p>A received segment may instead <em>borrow</em> its bytes: the consumer's connection lends it
 * the views of the network buffers the frame was read into ({@link #borrow}), so the data is not
 * copied into the segment's own memory. The segment still stands for the credit its arrival used
 * up: it goes back to its pool, and so becomes credit again, only through {@link #recycle}, which
 * first releases the borrowed buffers. The borrowed bytes are thus never read after their release,
 * and never held once the segment is free.
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
  /** The valid bytes as views of memory this segment does not own, in order; null when they are in {@link #memory}. */
  private ByteBuffer[] borrowed;
  /** Releases the borrowed memory; run once, by {@link #recycle} or {@link #data} (which copies it in first). */
  private Runnable release;

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
    checkOwnData();
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
    checkOwnData();
    memory.put(length, src, offset, count);
    length += count;
  }

  /**
   * A view of the valid bytes (position 0, limit {@link #length()}), sharing the memory. A segment
   * that borrows its bytes in several pieces copies them into its own memory first (and releases
   * the borrowed buffers): readers that can take the pieces use {@link #parts} instead.
   */
  public ByteBuffer data() {
    if (borrowed != null) {
      if (borrowed.length == 1) {
        return borrowed[0].duplicate();
      }
      ByteBuffer own = memory.duplicate();
      for (ByteBuffer part : borrowed) {
        own.put(part.duplicate());
      }
      releaseBorrowed();
    }
    return memory.duplicate().limit(length);
  }

  /**
   * The valid bytes as one or more views (each from position 0 to its limit), in order, sharing the
   * memory: the pieces of the network buffers a borrowing segment holds, else one view of its own.
   */
  public ByteBuffer[] parts() {
    return borrowed != null ? borrowed.clone() : new ByteBuffer[] {data()};
  }

  /** A view of the free bytes (position {@link #length()}, limit {@link #size()}), sharing the memory. */
  public ByteBuffer free() {
    checkOwnData();
    return memory.duplicate().position(length);
  }

  /**
   * Makes the segment's valid bytes the {@code parts} (views of memory held elsewhere, each read
   * from position 0 to its limit) instead of its own memory; {@code release} frees that memory and
   * runs exactly once, when the segment is recycled or copies the bytes in. Nothing is copied.
   *
   * @throws IllegalArgumentException if the parts hold more than {@link #size()} bytes; the caller
   *     still owns {@code release} then
   */
  public void borrow(ByteBuffer[] parts, Runnable release) {
    checkOwnData();
    long total = 0;
    ByteBuffer[] views = new ByteBuffer[parts.length];
    for (int i = 0; i < parts.length; i++) {
      views[i] = parts[i].slice(); // position 0 and big-endian, as the segment's own memory reads
      total += views[i].remaining();
    }
    if (total > memory.capacity()) {
      throw new IllegalArgumentException(total + " bytes borrowed into a segment of " + memory.capacity());
    }
    this.borrowed = views;
    this.release = release;
    this.length = (int) total;
  }

  /** Whether the valid bytes are borrowed (see {@link #borrow}). */
  public boolean isBorrowed() {
    return borrowed != null;
  }

  private void checkOwnData() {
    if (borrowed != null) {
      throw new IllegalStateException("the segment's bytes are borrowed: it cannot be written");
    }
  }

  private void releaseBorrowed() {
    Runnable r = release;
    borrowed = null;
    release = null;
    r.run();
  }

  /** Whether this segment is one of a channel's exclusive buffers (else floating). */
  public int exclusiveChannel() {
    return exclusiveChannel;
  }

  /** Hands the segment back to the pool it came from. */
  public void recycle() {
    if (borrowed != null) {
      releaseBorrowed();
    }
    recycler.recycle(this);
  }

  void assign(BufferRecycler recycler, int exclusiveChannel) {
    this.recycler = recycler;
    this.exclusiveChannel = exclusiveChannel;
  }

  void handOut() {
    if (borrowed != null) {
      throw new IllegalStateException("a segment holding borrowed bytes was handed out again");
    }
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
