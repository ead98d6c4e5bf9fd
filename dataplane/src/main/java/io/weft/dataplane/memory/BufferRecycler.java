package io.weft.dataplane.memory;

/** Takes a segment back once its user is done with it. */
@FunctionalInterface
public interface BufferRecycler {
  void recycle(MemorySegment segment);
}
