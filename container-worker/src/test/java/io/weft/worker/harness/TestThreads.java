package io.weft.worker.harness;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** Waiting on conditions with a deadline (never a fixed sleep), and checking for leftover job threads. */
public final class TestThreads {
  private TestThreads() {}

  /** Polls {@code condition} every few milliseconds until it holds; fails after {@code timeout}. */
  public static void waitUntil(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("timed out after " + timeout.toMillis() + " ms waiting until " + what);
      }
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
  }

  /** The live threads of the runtime: task threads ("weft-task ...") and timer threads ("weft-timers-..."). */
  public static List<String> liveRuntimeThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("weft-task") || n.startsWith("weft-timers"))
        .sorted()
        .collect(Collectors.toList());
  }

  /** Fails unless every task and timer thread of the runtime has ended within a few seconds. */
  public static void assertNoRuntimeThreadsRemain() {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    List<String> live = liveRuntimeThreads();
    while (!live.isEmpty()) {
      if (System.nanoTime() - deadline > 0) {
        fail("runtime threads still alive after the job ended: " + live);
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
      live = liveRuntimeThreads();
    }
  }
}
