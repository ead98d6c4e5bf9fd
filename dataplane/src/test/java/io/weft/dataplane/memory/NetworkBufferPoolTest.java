package io.weft.dataplane.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NetworkBufferPoolTest {

  @Test
  void segmentsAreOffHeapOfTheConfiguredSizeAndComeBack() throws Exception {
    NetworkBufferPool pool = new NetworkBufferPool(4, 1024);
    List<MemorySegment> segments = pool.requestSegments(3, Duration.ZERO);
    assertEquals(1, pool.availableSegments());
    for (MemorySegment s : segments) {
      assertEquals(1024, s.size());
      assertEquals(0, s.length());
      assertTrue(s.data().isDirect());
    }
    pool.recycleAll(segments);
    assertEquals(4, pool.availableSegments());
    assertEquals(0, pool.destroy());
  }

  @Test
  void requestingBeyondThePoolFailsClearlyAfterTheTimeout() throws Exception {
    NetworkBufferPool pool = new NetworkBufferPool(2, 1024);
    List<MemorySegment> held = pool.requestSegments(2, Duration.ZERO);
    IOException e = assertThrows(IOException.class, () -> pool.requestSegments(1, Duration.ofMillis(50)));
    assertTrue(e.getMessage().contains("insufficient network buffers"), e.getMessage());
    assertTrue(e.getMessage().contains("only 0 of 2 were free"), e.getMessage());
    IOException tooMany = assertThrows(IOException.class, () -> pool.requestSegments(3, Duration.ofSeconds(10)));
    assertTrue(tooMany.getMessage().contains("the pool only has 2"), tooMany.getMessage());
    pool.recycleAll(held);
    assertEquals(0, pool.destroy());
  }

  @Test
  void aWaitingRequestIsServedWhenSegmentsReturn() throws Exception {
    NetworkBufferPool pool = new NetworkBufferPool(2, 1024);
    List<MemorySegment> held = pool.requestSegments(2, Duration.ZERO);
    CompletableFuture<List<MemorySegment>> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return pool.requestSegments(2, Duration.ofSeconds(30));
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    pool.recycleAll(held);
    List<MemorySegment> got = waiting.get(30, TimeUnit.SECONDS);
    assertEquals(2, got.size());
    pool.recycleAll(got);
    assertEquals(0, pool.destroy());
  }

  @Test
  void destroyReportsLeakedSegments() throws Exception {
    NetworkBufferPool pool = new NetworkBufferPool(3, 1024);
    MemorySegment leaked = pool.requestSegments(1, Duration.ZERO).get(0);
    assertEquals(1, pool.destroy());
    leaked.recycle(); // late return after destroy is tolerated
  }

  @Test
  void doubleRecyclingIsCaught() throws Exception {
    NetworkBufferPool pool = new NetworkBufferPool(1, 1024);
    MemorySegment s = pool.requestSegments(1, Duration.ZERO).get(0);
    s.recycle();
    assertThrows(IllegalStateException.class, s::recycle);
    assertEquals(0, pool.destroy());
  }
}
