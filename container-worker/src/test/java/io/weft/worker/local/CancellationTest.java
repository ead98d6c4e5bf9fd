package io.weft.worker.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.testing.Await;
import io.weft.api.environment.JobClient;
import io.weft.api.environment.JobExecutionException;
import io.weft.api.environment.JobExecutionResult;
import io.weft.api.environment.JobStatus;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.SubtaskInfo;
import io.weft.api.sink.Sink;
import io.weft.api.sink.SinkWriter;
import io.weft.api.source.GeneratorSource;
import io.weft.worker.harness.TestThreads;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Cancelling an unbounded job. */
@Timeout(300) // a hang guard: the waits inside allow a loaded machine up to Await.DEFAULT each
class CancellationTest {
  /** Elements the counting sinks saw; static because every sink subtask gets its own copy. */
  static final AtomicLong WRITTEN = new AtomicLong();

  static final class CountingSink implements Sink<Long> {
    @Override
    public SinkWriter<Long> createWriter(SubtaskInfo context) {
      return (value, timestamp) -> WRITTEN.incrementAndGet();
    }
  }

  @Test
  void cancelStopsAnUnboundedJobAndLeavesNoThreads() throws Exception {
    WRITTEN.set(0);
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    env.fromSource(new GeneratorSource<>(i -> i, Long.MAX_VALUE), "endless")
        .map(x -> x * 2).name("double")
        .rebalance()
        .filter(x -> x >= 0).name("keep")
        .sinkTo(new CountingSink());
    JobClient client = env.executeAsync("endless job");
    CompletableFuture<JobExecutionResult> result = client.getJobExecutionResult();

    Await.until("the endless job produced output", Duration.ofSeconds(30),
        () -> WRITTEN.get() > 10_000 || result.isDone());
    assertFalse(result.isDone(), "an unbounded job must not end on its own");
    assertEquals(JobStatus.RUNNING, client.getJobStatus());

    client.cancel();
    ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(60, TimeUnit.SECONDS));
    assertInstanceOf(JobExecutionException.class, e.getCause());
    assertTrue(e.getCause().getMessage().contains("canceled"), e.getCause().getMessage());
    assertEquals(JobStatus.CANCELED, client.getJobStatus());
    assertTrue(result.isCompletedExceptionally());

    TestThreads.assertNoRuntimeThreadsRemain();
    long after = WRITTEN.get();
    client.cancel(); // cancelling an ended job is harmless
    assertEquals(JobStatus.CANCELED, client.getJobStatus());
    assertEquals(after, WRITTEN.get(), "nothing runs after the job ended");
  }
}
