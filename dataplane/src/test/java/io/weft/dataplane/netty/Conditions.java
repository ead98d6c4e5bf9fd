package io.weft.dataplane.netty;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Waiting on conditions with deadlines, never on elapsed time. */
final class Conditions {
  static final Duration DEADLINE = Duration.ofSeconds(30);

  private Conditions() {}

  static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after " + DEADLINE.toSeconds() + " s waiting until " + what);
      }
      Thread.sleep(5);
    }
  }

  /**
   * The transport's threads, and netty's global helper, which netty starts to report the end of
   * an event loop group and stops a second after.
   */
  static List<String> transportThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith(NettyTransport.THREAD_PREFIX) || n.startsWith("globalEventExecutor"))
        .toList();
  }

  static void assertNoTransportThreads() throws InterruptedException {
    waitUntil("all netty threads are gone, left: " + transportThreads(), () -> transportThreads().isEmpty());
  }
}
