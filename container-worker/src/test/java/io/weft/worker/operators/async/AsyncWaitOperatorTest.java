package io.weft.worker.operators.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.functions.RuntimeContext;
import io.weft.api.functions.async.AsyncFunction;
import io.weft.api.functions.async.AsyncRetryStrategies;
import io.weft.api.functions.async.AsyncRetryStrategy;
import io.weft.api.functions.async.ResultFuture;
import io.weft.api.functions.async.RetryPredicates;
import io.weft.api.functions.async.RichAsyncFunction;
import io.weft.core.plan.OperatorSpec;
import io.weft.core.types.Types;
import io.weft.dataplane.element.Watermark;
import io.weft.state.operator.OperatorStateHandle;
import io.weft.state.operator.OperatorStateRedistributor;
import io.weft.state.snapshot.CheckpointStorage;
import io.weft.worker.harness.OneInputOperatorHarness;
import io.weft.worker.harness.OneInputOperatorHarness.Emitted;
import io.weft.worker.operators.OperatorRestore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AsyncWaitOperator} through the harness: order and watermark rules, capacity, timeouts, retries, restore. */
class AsyncWaitOperatorTest {
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() throws InterruptedException {
    threads.shutdownNow();
    assertTrue(threads.awaitTermination(30, TimeUnit.SECONDS));
  }

  /** Keeps each call's future for the test to complete, by input value. */
  static class Held implements AsyncFunction<Integer, String> {
    final List<Integer> inputs = new CopyOnWriteArrayList<>();
    final List<ResultFuture<String>> futures = new CopyOnWriteArrayList<>();

    @Override
    public void asyncInvoke(Integer input, ResultFuture<String> resultFuture) {
      inputs.add(input);
      futures.add(resultFuture);
    }

    /** Completes the latest call for {@code input} with "r<input>". */
    void complete(int input) {
      futures.get(inputs.lastIndexOf(input)).complete(List.of("r" + input));
    }
  }

  private static OneInputOperatorHarness<Integer, String> harness(AsyncFunction<Integer, String> f, boolean ordered,
      int capacity, long timeout, AsyncRetryStrategy<String> retry) throws Exception {
    return new OneInputOperatorHarness<Integer, String>(
        new AsyncWaitOperator<>(new OperatorSpec.AsyncWaitSpec<>(f, timeout, capacity, ordered, retry)))
        .withOperatorName("Async Lookup").withInputType(Types.INT);
  }

  @Test
  void orderedModeEmitsInInputOrderWithTheInputsTimestamps() throws Exception {
    Held f = new Held();
    try (var h = harness(f, true, 10, 0, null).open()) {
      h.processElement(1, 100);
      h.processElement(2, 200);
      h.processElement(3, 300);
      f.complete(3);
      h.runMails();
      assertEquals(List.of(), h.output(), "3 waits for 1 and 2");
      f.complete(1);
      h.runMails();
      assertEquals(List.of(new Emitted<>("r1", 100)), h.outputRecords());
      f.complete(2);
      h.runMails();
      assertEquals(List.of(new Emitted<>("r1", 100), new Emitted<>("r2", 200), new Emitted<>("r3", 300)),
          h.outputRecords());
    }
  }

  @Test
  void orderedModeHoldsAWatermarkBehindTheRecordsBeforeIt() throws Exception {
    Held f = new Held();
    try (var h = harness(f, true, 10, 0, null).open()) {
      h.processElement(1, 5);
      h.processWatermark(10);
      h.processElement(2, 15);
      assertEquals(List.of(), h.events());
      f.complete(2);
      f.complete(1);
      h.runMails();
      assertEquals(List.of(new Emitted<>("r1", 5), new Watermark(10), new Emitted<>("r2", 15)), h.events());
    }
  }

  @Test
  void unorderedModeEmitsAsCompletedButNeverAcrossAWatermark() throws Exception {
    Held f = new Held();
    try (var h = harness(f, false, 10, 0, null).open()) {
      h.processElement(1, 1);
      h.processElement(2, 2);
      h.processWatermark(10);
      h.processElement(3, 11);
      h.processElement(4, 12);
      f.complete(3);
      h.runMails();
      assertEquals(List.of(), h.events(), "3 is after the watermark, which waits for 1 and 2");
      f.complete(2);
      h.runMails();
      assertEquals(List.of(new Emitted<>("r2", 2)), h.events(), "2 overtakes 1 within its segment");
      f.complete(1);
      h.runMails();
      assertEquals(List.of(new Emitted<>("r2", 2), new Emitted<>("r1", 1), new Watermark(10), new Emitted<>("r3", 11)),
          h.events());
      f.complete(4);
      h.runMails();
      assertEquals(new Emitted<>("r4", 12), h.events().get(4));
      h.processWatermark(20);
      assertEquals(new Watermark(20), h.events().get(5), "an empty queue lets a watermark through at once");
    }
  }

  @Test
  void aFullQueueBlocksTheTaskThreadUntilAResultFreesASlot() throws Exception {
    Held f = new Held();
    try (var h = harness(f, true, 2, 0, null).open()) {
      // The feeder plays the task's thread: it processes three inputs into a queue of two.
      Thread[] feederThread = new Thread[1];
      var feeder = threads.submit(() -> {
        feederThread[0] = Thread.currentThread();
        for (int i = 1; i <= 3; i++) {
          h.processElement(i, i);
        }
        return null;
      });
      awaitBlockedInYield(f, 2, feederThread);
      assertEquals(List.of(1, 2), f.inputs, "the third input waits for room, not called yet");
      assertEquals(2, ((AsyncWaitOperator<?, ?>) h.operator()).inFlightCount());
      f.complete(2);
      // 2 cannot be emitted before 1 (ordered), so it keeps its slot: the feeder blocks again.
      awaitBlockedInYield(f, 2, feederThread);
      assertEquals(List.of(1, 2), f.inputs);
      f.complete(1);
      feeder.get(60, TimeUnit.SECONDS);
      assertEquals(List.of(1, 2, 3), f.inputs);
      assertEquals(List.of("r1", "r2"), h.output());
    }
  }

  /** Waits until the feeder parks in yieldOnce with nothing to run. */
  private static void awaitBlockedInYield(Held f, int calls, Thread[] feeder) {
    io.weft.testing.Await.until("the feeder parks in yieldOnce after " + calls + " calls", () -> {
      Thread t = feeder[0];
      if (t != null && f.inputs.size() >= calls && t.getState() == Thread.State.WAITING) {
        for (StackTraceElement e : t.getStackTrace()) {
          if (e.getMethodName().equals("yieldOnce")) {
            return true;
          }
        }
      }
      return false;
    });
  }

  @Test
  void theEndOfInputWaitsForEveryResult() throws Exception {
    AsyncFunction<Integer, String> elsewhere = (in, future) ->
        threads.execute(() -> future.complete(List.of("r" + in)));
    try (var h = harness(elsewhere, false, 5, 0, null).open()) {
      for (int i = 0; i < 20; i++) {
        h.processElement(i, i);
      }
      h.endInput();
      assertEquals(20, h.output().size());
      assertEquals(20, new HashSet<>(h.output()).size());
    }
  }

  @Test
  void aTimeoutFailsTheTaskNamingTheOperatorByDefault() throws Exception {
    Held f = new Held();
    try (var h = harness(f, true, 10, 1000, null).open()) {
      h.processElement(1, 1);
      h.setProcessingTime(999);
      h.runMails();
      h.setProcessingTime(1000);
      RuntimeException e = assertThrows(RuntimeException.class, h::runMails);
      assertTrue(e.getMessage().contains("'Async Lookup'") && e.getMessage().contains("timed out after 1000 ms"),
          e.getMessage());
    }
  }

  @Test
  void anOverriddenTimeoutCompletesWithItsFallbackAndTheLateResultIsIgnored() throws Exception {
    Held f = new Held() {
      @Override
      public void timeout(Integer input, ResultFuture<String> resultFuture) {
        resultFuture.complete(List.of("fallback" + input));
      }
    };
    try (var h = harness(f, true, 10, 1000, null).open()) {
      h.processElement(1, 1);
      h.processElement(2, 2);
      f.complete(2);
      h.setProcessingTime(1000);
      h.runMails();
      assertEquals(List.of("fallback1", "r2"), h.output());
      f.complete(1); // the real answer, too late: the input was settled by its timeout
      h.runMails();
      assertEquals(List.of("fallback1", "r2"), h.output());
    }
  }

  @Test
  void eachInputTimesOutAtItsOwnDeadlineAndCompletedOnesNever() throws Exception {
    Held f = new Held() {
      @Override
      public void timeout(Integer input, ResultFuture<String> resultFuture) {
        resultFuture.complete(List.of("timeout" + input));
      }
    };
    try (var h = harness(f, false, 10, 100, null).open()) {
      h.processElement(1, 1);
      h.setProcessingTime(5);
      h.processElement(2, 2);
      h.setProcessingTime(10);
      h.processElement(3, 3);
      f.complete(1);
      h.runMails();
      h.setProcessingTime(104);
      h.runMails();
      assertEquals(List.of("r1"), h.output(), "1 answered in time; 2 and 3 are not due yet");
      h.setProcessingTime(105);
      h.runMails();
      assertEquals(List.of("r1", "timeout2"), h.output());
      h.setProcessingTime(110);
      h.runMails();
      assertEquals(List.of("r1", "timeout2", "timeout3"), h.output());
      assertEquals(0, ((AsyncWaitOperator<?, ?>) h.operator()).inFlightCount());
    }
  }

  @Test
  void aResultFutureCompletedTwiceFailsNamingTheOperator() throws Exception {
    Held f = new Held();
    try (var h = harness(f, true, 10, 0, null).open()) {
      h.processElement(1, 1);
      f.complete(1);
      f.complete(1);
      RuntimeException e = assertThrows(RuntimeException.class, h::runMails);
      assertTrue(e.getMessage().contains("'Async Lookup'") && e.getMessage().contains("completed twice"), e.getMessage());
    }
  }

  @Test
  void exceptionsFromUserCodeFailNamingTheOperator() throws Exception {
    AsyncFunction<Integer, String> throwing = (in, future) -> {
      throw new IllegalArgumentException("bad key " + in);
    };
    try (var h = harness(throwing, true, 10, 0, null).open()) {
      RuntimeException e = assertThrows(RuntimeException.class, () -> h.processElement(7, 1));
      assertTrue(e.getMessage().contains("'Async Lookup'") && e.getMessage().contains("bad key 7"), e.getMessage());
    }
    Held f = new Held();
    try (var h = harness(f, true, 10, 0, null).open()) {
      h.processElement(1, 1);
      f.futures.get(0).completeExceptionally(new java.io.IOException("service down"));
      RuntimeException e = assertThrows(RuntimeException.class, h::runMails);
      assertTrue(e.getMessage().contains("'Async Lookup'") && e.getMessage().contains("service down"), e.getMessage());
    }
  }

  @Test
  void fixedDelayRetriesOnAResultPredicateUntilItPasses() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AsyncFunction<Integer, String> emptyTwice = (in, future) ->
        future.complete(calls.incrementAndGet() <= 2 ? List.of() : List.of("r" + in));
    AsyncRetryStrategy<String> retry = new AsyncRetryStrategies.FixedDelayRetryStrategyBuilder<String>(3, 100)
        .ifResult(RetryPredicates.EMPTY_RESULT_PREDICATE::test).build();
    try (var h = harness(emptyTwice, true, 10, 0, retry).open()) {
      h.processElement(1, 1);
      h.runMails();
      assertEquals(1, calls.get());
      h.setProcessingTime(99);
      h.runMails();
      assertEquals(1, calls.get(), "the retry waits its 100 ms");
      h.setProcessingTime(100);
      h.runMails();
      assertEquals(2, calls.get());
      h.setProcessingTime(200);
      h.runMails();
      assertEquals(3, calls.get());
      assertEquals(List.of("r1"), h.output());
    }
  }

  @Test
  void exponentialBackoffRetriesOnExceptionsAndTheLastOutcomeStandsWhenAttemptsRunOut() throws Exception {
    List<Long> callTimes = new ArrayList<>();
    var harnessRef = new OneInputOperatorHarness<?, ?>[1];
    AsyncFunction<Integer, String> failing = (in, future) -> {
      callTimes.add(harnessRef[0].processingTime());
      future.completeExceptionally(new java.io.IOException("attempt " + callTimes.size()));
    };
    AsyncRetryStrategy<String> retry =
        new AsyncRetryStrategies.ExponentialBackoffDelayRetryStrategyBuilder<String>(3, 10, 25, 2.0)
            .ifException(RetryPredicates.HAS_EXCEPTION_PREDICATE).build();
    try (var h = harness(failing, true, 10, 0, retry)) {
      harnessRef[0] = h;
      h.open();
      h.processElement(1, 1);
      h.runMails();
      RuntimeException failure = null;
      for (long t = 1; t <= 100 && failure == null; t++) {
        h.setProcessingTime(t);
        try {
          h.runMails();
        } catch (RuntimeException e) {
          failure = e;
        }
      }
      // delays 10, 20, then 40 capped at 25; after the third retry the fourth outcome stands
      assertEquals(List.of(0L, 10L, 30L, 55L), callTimes);
      assertTrue(failure != null && failure.getMessage().contains("attempt 4")
          && failure.getMessage().contains("'Async Lookup'"), String.valueOf(failure));
    }
  }

  @Test
  void aResultOutsideThePredicateIsNotRetried() throws Exception {
    Held f = new Held();
    AsyncRetryStrategy<String> retry = new AsyncRetryStrategies.FixedDelayRetryStrategyBuilder<String>(3, 10)
        .ifResult(RetryPredicates.EMPTY_RESULT_PREDICATE::test).build();
    try (var h = harness(f, true, 10, 0, retry).open()) {
      h.processElement(1, 1);
      f.complete(1);
      h.runMails();
      h.setProcessingTime(1000);
      h.runMails();
      assertEquals(List.of(1), f.inputs);
      assertEquals(List.of("r1"), h.output());
    }
  }

  @Test
  void inFlightRecordsAreRestoredAndIssuedAgain(@TempDir Path dir) throws Exception {
    CheckpointStorage storage = CheckpointStorage.forUri(dir.toUri().toString(), new org.apache.hadoop.conf.Configuration());
    Held before = new Held();
    OperatorStateHandle handle;
    try (var h = harness(before, true, 10, 0, null).open()) {
      h.processElement(1, 10);
      h.processElement(2, 20);
      h.processElement(3, 30);
      before.complete(1);
      before.complete(3); // done but not emitted: behind 2
      h.runMails();
      assertEquals(List.of("r1"), h.output());
      handle = h.snapshotOperatorState(1, storage);
    }
    Held after = new Held();
    try (var h = harness(after, true, 10, 0, null)
        .withRestore(new OperatorRestore(List.of(), null, List.of(), List.of(), List.of(handle), 1)).open()) {
      assertEquals(List.of(2, 3), after.inputs, "the inputs in flight at the checkpoint, in order");
      after.complete(3);
      after.complete(2);
      h.runMails();
      assertEquals(List.of(new Emitted<>("r2", 20), new Emitted<>("r3", 30)), h.outputRecords());
    }
  }

  @Test
  void aSavepointsInFlightRecordsGoToExactlyOneSubtaskAtAnotherParallelism(@TempDir Path dir) throws Exception {
    CheckpointStorage storage = CheckpointStorage.forUri(dir.toUri().toString(), new org.apache.hadoop.conf.Configuration());
    List<OperatorStateHandle> old = new ArrayList<>();
    Set<Integer> inFlight = new HashSet<>();
    for (int subtask = 0; subtask < 2; subtask++) {
      Held f = new Held();
      try (var h = harness(f, false, 10, 0, null).withParallelism(2, subtask).open()) {
        for (int i = 0; i < 5; i++) {
          int value = subtask * 100 + i;
          h.processElement(value, value);
          inFlight.add(value);
        }
        old.add(h.snapshotOperatorState(7, storage));
      }
    }
    List<List<OperatorStateHandle>> assigned = OperatorStateRedistributor.redistribute(old, 3);
    List<Integer> reissued = new ArrayList<>();
    for (int subtask = 0; subtask < 3; subtask++) {
      Held f = new Held();
      try (var h = harness(f, false, 10, 0, null).withParallelism(3, subtask)
          .withRestore(new OperatorRestore(List.of(), null, List.of(), List.of(), assigned.get(subtask), 7)).open()) {
        reissued.addAll(f.inputs);
        for (int in : f.inputs) {
          f.complete(in);
        }
        h.runMails();
        assertEquals(f.inputs.size(), h.output().size());
      }
    }
    assertEquals(inFlight.size(), reissued.size(), "no record issued twice");
    assertEquals(inFlight, new HashSet<>(reissued));
  }

  @Test
  void aRichAsyncFunctionIsOpenedAndClosed() throws Exception {
    List<String> lifecycle = new CopyOnWriteArrayList<>();
    RichAsyncFunction<Integer, String> rich = new RichAsyncFunction<>() {
      @Override
      public void open(RuntimeContext context) throws Exception {
        super.open(context);
        lifecycle.add("open " + getRuntimeContext().getIndexOfThisSubtask());
      }

      @Override
      public void close() {
        lifecycle.add("close");
      }

      @Override
      public void asyncInvoke(Integer input, ResultFuture<String> resultFuture) {
        resultFuture.complete(List.of("r" + input));
      }
    };
    try (var h = harness(rich, true, 10, 0, null).open()) {
      h.processElement(1, 1);
      h.runMails();
      assertEquals(List.of("r1"), h.output());
    }
    assertEquals(List.of("open 0", "close"), lifecycle);
  }

  @Test
  void retryStrategiesComputeFlinksDelays() {
    AsyncRetryStrategy<String> exp =
        new AsyncRetryStrategies.ExponentialBackoffDelayRetryStrategyBuilder<String>(5, 100, 1000, 3.0).build();
    assertEquals(List.of(100L, 300L, 900L, 1000L), List.of(exp.getBackoffTimeMillis(1), exp.getBackoffTimeMillis(2),
        exp.getBackoffTimeMillis(3), exp.getBackoffTimeMillis(4)));
    assertTrue(exp.canRetry(5));
    assertTrue(!exp.canRetry(6));
    assertThrows(IllegalArgumentException.class,
        () -> new AsyncRetryStrategies.FixedDelayRetryStrategyBuilder<String>(0, 10));
    Collection<String> empty = List.of();
    assertTrue(RetryPredicates.EMPTY_RESULT_PREDICATE.test(empty));
  }
}
