package io.weft.dataplane.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalBufferPoolTest {
  private final NetworkBufferPool global = new NetworkBufferPool(16, 256);

  @AfterEach
  void noLeaks() {
    assertEquals(0, global.destroy(), "leaked segments");
  }

  @Test
  void takesExclusivePerChannelPlusFloatingFromTheGlobalPool() throws Exception {
    LocalBufferPool pool = new LocalBufferPool(global, "gate", 3, 2, 4, Duration.ZERO);
    assertEquals(16 - 10, global.availableSegments());
    MemorySegment a = pool.requestExclusive(0);
    MemorySegment b = pool.requestExclusive(0);
    assertNull(pool.requestExclusive(0), "channel 0 has only 2 exclusive segments");
    assertEquals(0, a.exclusiveChannel());
    MemorySegment other = pool.requestExclusive(1);
    assertNotNull(other, "another channel keeps its own");
    List<MemorySegment> floating = new ArrayList<>();
    for (MemorySegment s = pool.requestFloating(null); s != null; s = pool.requestFloating(null)) {
      assertEquals(-1, s.exclusiveChannel());
      floating.add(s);
    }
    assertEquals(4, floating.size());
    a.recycle();
    b.recycle();
    floating.forEach(MemorySegment::recycle);
    assertEquals(2, pool.availableExclusive(0));
    assertEquals(4, pool.availableFloating());
    pool.destroy();
    // The exclusive segment of channel 1 is still out; it goes to the global pool when recycled.
    assertEquals(15, global.availableSegments());
    other.recycle();
    assertEquals(16, global.availableSegments());
  }

  @Test
  void gatesDrawFromTheTaskManagersOnePoolAndEachKeepsItsFloor() throws Exception {
    LocalBufferPool busy = new LocalBufferPool(global, "busy gate", 3, 2, 4, Duration.ZERO);
    LocalBufferPool quiet = new LocalBufferPool(global, "quiet gate", 2, 2, 1, Duration.ZERO);
    assertEquals(16 - 10 - 5, global.availableSegments(), "both gates' buffers come from the one pool");
    // The busy gate takes everything it may: its exclusive and all its floating segments.
    List<MemorySegment> taken = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      for (MemorySegment s = busy.request(c); s != null; s = busy.request(c)) {
        taken.add(s);
      }
    }
    assertEquals(10, taken.size(), "a gate cannot take more than its exclusive and floating share");
    // The quiet gate still has its floor: every channel its exclusive segments.
    for (int c = 0; c < 2; c++) {
      MemorySegment a = quiet.requestExclusive(c);
      MemorySegment b = quiet.requestExclusive(c);
      assertNotNull(a);
      assertNotNull(b);
      a.recycle();
      b.recycle();
    }
    // A gate the pool cannot give its floor is refused at creation, naming what to raise.
    java.io.IOException e = assertThrows(java.io.IOException.class,
        () -> new LocalBufferPool(global, "third gate", 1, 2, 0, Duration.ZERO));
    assertTrue(e.getMessage().contains("taskmanager.memory.network.fraction")
        && e.getMessage().contains("taskmanager.network.memory.buffers-per-channel"), e.getMessage());
    taken.forEach(MemorySegment::recycle);
    busy.destroy();
    quiet.destroy();
  }

  @Test
  void notEnoughGlobalSegmentsFailsTheCreation() {
    assertThrows(java.io.IOException.class, () -> new LocalBufferPool(global, "big", 10, 2, 0, Duration.ZERO));
  }

  @Test
  void recycledExclusiveSegmentsGoToTheChannelListener() throws Exception {
    LocalBufferPool pool = new LocalBufferPool(global, "gate", 2, 1, 0, Duration.ZERO);
    List<MemorySegment> got = new ArrayList<>();
    pool.setChannelListener(0, got::add);
    MemorySegment s = pool.requestExclusive(0);
    s.recycle();
    assertEquals(List.of(s), got);
    pool.setChannelListener(0, seg -> false); // declining leaves it in the free list
    got.get(0).recycle();
    assertEquals(1, pool.availableExclusive(0));
    pool.destroy();
  }

  @Test
  void floatingWaitersAreServedInOrderOnRecycle() throws Exception {
    LocalBufferPool pool = new LocalBufferPool(global, "gate", 2, 0, 1, Duration.ZERO);
    MemorySegment only = pool.requestFloating(null);
    List<MemorySegment> first = new ArrayList<>();
    List<MemorySegment> second = new ArrayList<>();
    BufferListener a = first::add;
    BufferListener b = second::add;
    assertNull(pool.requestFloating(a));
    assertNull(pool.requestFloating(b));
    assertNull(pool.requestFloating(a), "a waiter is registered once");
    only.recycle();
    assertEquals(1, first.size());
    first.get(0).recycle();
    assertEquals(1, second.size());
    second.get(0).recycle();
    assertEquals(1, pool.availableFloating());
    pool.destroy();
  }

  @Test
  void aBlockedWriterWakesWhenASegmentIsRecycled() throws Exception {
    LocalBufferPool pool = new LocalBufferPool(global, "partition", 1, 1, 0, Duration.ZERO);
    MemorySegment held = pool.requestBlocking(0);
    CompletableFuture<MemorySegment> blocked = CompletableFuture.supplyAsync(() -> {
      try {
        return pool.requestBlocking(0);
      } catch (InterruptedException e) {
        throw new RuntimeException(e);
      }
    });
    held.recycle();
    MemorySegment next = blocked.get(30, TimeUnit.SECONDS);
    assertSame(held, next);
    next.recycle();
    pool.destroy();
  }

  @Test
  void destroyWakesBlockedWritersWhichFail() throws Exception {
    LocalBufferPool pool = new LocalBufferPool(global, "partition", 1, 1, 0, Duration.ZERO);
    MemorySegment held = pool.requestBlocking(0);
    CompletableFuture<MemorySegment> blocked = CompletableFuture.supplyAsync(() -> {
      try {
        return pool.requestBlocking(0);
      } catch (InterruptedException e) {
        throw new RuntimeException(e);
      }
    });
    pool.destroy();
    java.util.concurrent.ExecutionException e =
        assertThrows(java.util.concurrent.ExecutionException.class, () -> blocked.get(30, TimeUnit.SECONDS));
    assertEquals(IllegalStateException.class, e.getCause().getClass());
    held.recycle();
  }
}
