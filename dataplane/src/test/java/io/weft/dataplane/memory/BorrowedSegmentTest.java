package io.weft.dataplane.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A segment that borrows its bytes: what it reads, and that the lender's memory is released exactly once. */
class BorrowedSegmentTest {
  private final NetworkBufferPool global = new NetworkBufferPool(4, 64);
  private final AtomicInteger released = new AtomicInteger();

  @AfterEach
  void noLeaks() {
    assertEquals(0, global.destroy(), "leaked segments");
  }

  private static ByteBuffer bytes(int from, int count) {
    ByteBuffer b = ByteBuffer.allocateDirect(count + 3);
    b.put(new byte[] {-1, -1, -1}); // before the view: must not be read
    for (int i = 0; i < count; i++) {
      b.put((byte) (from + i));
    }
    return b.position(3); // a view from position 3, as a network buffer's NIO view may be
  }

  private static byte[] read(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  private static byte[] expected(int count) {
    byte[] out = new byte[count];
    for (int i = 0; i < count; i++) {
      out[i] = (byte) i;
    }
    return out;
  }

  @Test
  void readsTheBorrowedBytesInPlaceAndReleasesThemOnceWhenRecycled() throws Exception {
    LocalBufferPool pool = new LocalBufferPool(global, "gate", 1, 1, 0, Duration.ZERO);
    MemorySegment s = pool.requestExclusive(0);
    ByteBuffer lent = bytes(0, 40);
    s.borrow(new ByteBuffer[] {lent}, released::incrementAndGet);
    assertTrue(s.isBorrowed());
    assertEquals(40, s.length());
    assertArrayEquals(expected(40), read(s.data()));
    lent.put(3, (byte) 99);
    assertEquals(99, s.data().get(0), "a view of the lender's memory, not a copy");
    assertThrows(IllegalStateException.class, () -> s.append(new byte[1], 0, 1), "borrowed bytes are read-only");
    assertEquals(0, released.get(), "held while the segment is out of its pool");
    assertEquals(0, pool.availableExclusive(0));

    s.recycle();
    assertEquals(1, released.get());
    assertFalse(s.isBorrowed());
    assertEquals(1, pool.availableExclusive(0), "back in its pool only after the release");
    assertThrows(IllegalStateException.class, s::recycle, "recycled twice");
    assertEquals(1, released.get(), "a second recycle releases nothing twice");

    MemorySegment again = pool.requestExclusive(0);
    assertFalse(again.isBorrowed(), "handed out again with its own memory");
    again.append(new byte[] {7}, 0, 1);
    assertEquals(7, again.data().get(0));
    again.recycle();
    pool.destroy();
  }

  @Test
  void piecesAreReadInOrderOrCopiedInByData() throws Exception {
    LocalBufferPool pool = new LocalBufferPool(global, "gate", 1, 1, 0, Duration.ZERO);
    MemorySegment s = pool.requestExclusive(0);
    s.borrow(new ByteBuffer[] {bytes(0, 10), bytes(10, 0), bytes(10, 30)}, released::incrementAndGet);
    assertEquals(40, s.length());
    ByteBuffer[] parts = s.parts();
    assertEquals(3, parts.length);
    assertEquals(0, parts[2].position());
    assertEquals(10, parts[2].get(0), "each piece starts at its own byte 0");

    // A reader that needs one contiguous view gets the bytes copied into the segment's memory,
    // and the lender's memory is released at once: the segment no longer needs it.
    assertArrayEquals(expected(40), read(s.data()));
    assertEquals(1, released.get());
    assertFalse(s.isBorrowed());
    assertArrayEquals(expected(40), read(s.parts()[0]));
    s.recycle();
    assertEquals(1, released.get(), "released once");
    pool.destroy();
  }

  @Test
  void moreBytesThanTheSegmentHoldsAreRefusedAndLeftToTheCaller() throws Exception {
    LocalBufferPool pool = new LocalBufferPool(global, "gate", 1, 1, 0, Duration.ZERO);
    MemorySegment s = pool.requestExclusive(0);
    assertThrows(IllegalArgumentException.class,
        () -> s.borrow(new ByteBuffer[] {bytes(0, 40), bytes(0, 25)}, released::incrementAndGet));
    assertFalse(s.isBorrowed());
    s.recycle();
    assertEquals(0, released.get(), "the caller still owns the release");
    pool.destroy();
  }
}
