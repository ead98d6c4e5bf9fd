package io.weft.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one wait helper: it returns once the condition holds, and fails saying what it waited for. */
class AwaitTest {
  @Test
  void returnsTheFirstValueOnceItExists() {
    AtomicInteger polls = new AtomicInteger();
    assertEquals("ready", Await.value("the value", Duration.ofSeconds(30),
        () -> polls.incrementAndGet() < 3 ? null : "ready"));
    assertEquals(3, polls.get());
  }

  @Test
  void aConditionThatNeverHoldsFailsNamingIt() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> Await.until("the moon is square", Duration.ZERO, () -> false));
    assertTrue(e.getMessage().contains("the moon is square"), e.getMessage());
  }

  @Test
  void aProbeThatThrowsFailsAtOnceWithItsCause() {
    IOException boom = new IOException("boom");
    AtomicInteger polls = new AtomicInteger();
    AssertionError e = assertThrows(AssertionError.class, () -> Await.until("never", Duration.ofSeconds(30), () -> {
      polls.incrementAndGet();
      throw boom;
    }));
    assertSame(boom, e.getCause());
    assertEquals(1, polls.get());
  }
}
