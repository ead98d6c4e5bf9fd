package io.weft.worker.harness;

import io.weft.testing.Await;
import java.util.List;
import java.util.stream.Collectors;

/** Checking for leftover job threads (waiting itself is {@link Await}). */
public final class TestThreads {
  private TestThreads() {}

  /** The live threads of the runtime: task threads ("weft-task ...") and timer threads ("weft-timers-..."). */
  public static List<String> liveRuntimeThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("weft-task") || n.startsWith("weft-timers"))
        .sorted()
        .collect(Collectors.toList());
  }

  /** Fails unless every task and timer thread of the runtime ends (a loaded machine may take a while). */
  public static void assertNoRuntimeThreadsRemain() {
    Await.until("every runtime thread has ended, left: " + liveRuntimeThreads(), Await.DEFAULT,
        () -> liveRuntimeThreads().isEmpty());
  }
}
