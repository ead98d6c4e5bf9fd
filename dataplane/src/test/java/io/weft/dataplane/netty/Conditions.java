package io.weft.dataplane.netty;

import io.weft.testing.Await;
import java.time.Duration;
import java.util.List;

/** The transport's threads, and how long a test waits for the transport (waiting itself is {@link Await}). */
final class Conditions {
  static final Duration DEADLINE = Await.DEFAULT;

  private Conditions() {}

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

  static void assertNoTransportThreads() {
    Await.until("all netty threads are gone, left: " + transportThreads(), () -> transportThreads().isEmpty());
  }
}
