package io.weft.worker.local;

import io.weft.core.types.Types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.environment.JobExecutionException;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.AbstractRichFunction;
import io.weft.api.functions.MapFunction;
import io.weft.api.functions.SubtaskInfo;
import io.weft.api.sink.Sink;
import io.weft.api.sink.SinkWriter;
import io.weft.api.source.GeneratorSource;
import io.weft.worker.harness.TestThreads;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A failing user function fails the job with a message that says where and why, and stops the rest. */
@Timeout(60)
class FailureTest {

  static final class Discard<T> implements Sink<T> {
    @Override
    public SinkWriter<T> createWriter(SubtaskInfo context) {
      return (value, timestamp) -> {};
    }
  }

  @AfterEach
  void noThreadsLeft() {
    TestThreads.assertNoRuntimeThreadsRemain();
  }

  @Test
  void aThrowingMapFailsTheJobAndCancelsTheOtherTasks() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    // Unbounded: the job can only end because the failure cancels every other task.
    env.fromSource(new GeneratorSource<>(i -> i, Long.MAX_VALUE), "endless", Types.LONG)
        .map(x -> {
          if (x == 5_000) {
            throw new IllegalStateException("boom at element 5000");
          }
          return x;
        }).name("explode")
        .rebalance()
        .map(x -> x).name("downstream")
        .sinkTo(new Discard<>());

    JobExecutionException e = assertThrows(JobExecutionException.class, () -> env.execute("failing job"));
    String message = e.getMessage();
    assertTrue(message.contains("'explode'"), "names the operator: " + message);
    // Element 5000 is made by subtask 0 of the source (k, k+p, ...): the first of two.
    assertTrue(message.contains("(1/2)"), "names the subtask: " + message);
    assertTrue(message.contains("boom at element 5000"), "carries the original message: " + message);
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    assertTrue(root instanceof IllegalStateException && root.getMessage().equals("boom at element 5000"),
        "the original exception is the root cause: " + root);
  }

  @Test
  void anErrorKeepsItsTypeAndNamesTheOperatorAndSubtask() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    env.fromSource(new GeneratorSource<>(i -> i, Long.MAX_VALUE), "endless", Types.LONG)
        .map(x -> {
          if (x == 4_000) {
            throw new OutOfMemoryError("Java heap space"); // what the JVM throws, without allocating it
          }
          return x;
        }).name("hungry")
        .rebalance()
        .map(x -> x).name("downstream")
        .sinkTo(new Discard<>());

    JobExecutionException e = assertThrows(JobExecutionException.class, () -> env.execute("oom job"));
    String message = e.getMessage();
    assertTrue(message.contains("java.lang.OutOfMemoryError: Java heap space"), "keeps the type: " + message);
    assertTrue(message.contains("'hungry'"), "names the operator: " + message);
    assertTrue(message.contains("(1/2)"), "names the subtask: " + message);
  }

  @Test
  void aUserFunctionAllocatingBeyondTheHeapFailsCleanlyWithTheRealError() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(1);
    env.fromSource(new GeneratorSource<>(i -> i, Long.MAX_VALUE), "endless", Types.LONG)
        .map(x -> {
          if (x == 1_000) {
            // More than any heap (16 GiB): the JVM throws before it allocates anything.
            long[] huge = new long[Integer.MAX_VALUE - 16];
            return (long) huge.length;
          }
          return x;
        }).name("allocating")
        .sinkTo(new Discard<>());
    JobExecutionException e = assertThrows(JobExecutionException.class, () -> env.execute("allocating job"));
    assertTrue(e.getMessage().contains("java.lang.OutOfMemoryError"), e.getMessage());
    assertTrue(e.getMessage().contains("'allocating'"), e.getMessage());
  }

  static final AtomicInteger OPENED = new AtomicInteger();
  static final AtomicInteger CLOSED = new AtomicInteger();

  /** Fails in open() on subtask 1; counts successful opens and closes. */
  static final class FailingOpen extends AbstractRichFunction implements MapFunction<Long, Long> {
    @Override
    public void open() {
      if (getRuntimeContext().getIndexOfThisSubtask() == 1) {
        throw new IllegalArgumentException("cannot connect to the lookup service");
      }
      OPENED.incrementAndGet();
    }

    @Override
    public void close() {
      CLOSED.incrementAndGet();
    }

    @Override
    public Long map(Long value) {
      return value;
    }
  }

  @Test
  void aFailureInOpenFailsTheJobNamingTheOperator() {
    OPENED.set(0);
    CLOSED.set(0);
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(3);
    env.fromSource(new GeneratorSource<>(i -> i, Long.MAX_VALUE), "endless", Types.LONG)
        .rebalance()
        .map(new FailingOpen()).name("enrich")
        .sinkTo(new Discard<>());

    JobExecutionException e = assertThrows(JobExecutionException.class, () -> env.execute("failing open"));
    String message = e.getMessage();
    assertTrue(message.contains("'enrich'"), "names the operator: " + message);
    assertTrue(message.contains("(2/3)"), "names the subtask: " + message);
    assertTrue(message.contains("cannot connect to the lookup service"), message);
    // Every function that opened was closed again, also on the subtasks that were cancelled.
    assertEquals(2, OPENED.get());
    assertEquals(OPENED.get(), CLOSED.get());
  }
}
