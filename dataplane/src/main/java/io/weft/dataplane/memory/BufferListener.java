package io.weft.dataplane.memory;

/**
 * Told by a {@link LocalBufferPool} that a segment was recycled for it. Called on the recycling
 * thread, outside the pool's lock, so it must not block.
 */
@FunctionalInterface
public interface BufferListener {
  /** Returns true to take ownership of {@code segment}; false leaves it with the pool. */
  boolean bufferAvailable(MemorySegment segment);
}
