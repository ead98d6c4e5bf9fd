package io.weft.worker.taskmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.datastream.AsyncDataStream;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.async.AsyncFunction;
import io.weft.api.functions.async.ResultFuture;
import io.weft.api.source.GeneratorSource;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.plan.JobGraph;
import io.weft.core.types.TypeInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An async operator's in-flight records through real tasks, a checkpoint and a restore at another
 * parallelism: in the first attempt every multiple of 7 is never answered, so those before the
 * checkpoint exist afterwards only in the operator's state; the restored job answers everything,
 * and its output is every number exactly once.
 */
// A hang guard only: the waits inside are on conditions, generous for a loaded machine.
@Timeout(900)
class AsyncRestoreTest {
  private static final long N = 4_000;
  /** False in the first attempt: multiples of 7 stay in flight. */
  static volatile boolean answerAll;
  static final AtomicInteger WITHHELD = new AtomicInteger();
  @TempDir Path checkpointDir;

  static final class Withholding implements AsyncFunction<Long, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public void asyncInvoke(Long input, ResultFuture<Long> resultFuture) {
      if (input % 7 == 0 && !answerAll) {
        WITHHELD.incrementAndGet();
        return; // never answered in this attempt
      }
      resultFuture.complete(List.of(input));
    }
  }

  @Test
  void inFlightRecordsSurviveACheckpointAndARestoreAtAnotherParallelism() throws Exception {
    answerAll = false;
    WITHHELD.set(0);
    CollectingCheckpointedSink<Long> sink = new CollectingCheckpointedSink<>("async", TypeInfo.of(Long.class));
    IntFunction<JobGraph> job = parallelism -> {
      StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
      env.getConfiguration().set(CheckpointOptions.DIRECTORY, checkpointDir.toUri().toString());
      env.getConfiguration().set(CheckpointOptions.INTERVAL, Duration.ofHours(1));
      // Held in the first attempt (a quarter of the input per checkpoint), so that it is failed mid-stream.
      var numbers = env.fromSource(new FirstAttemptHeld<>(new GeneratorSource<>(i -> i, N, 2_000), N / 4), "numbers")
          .returns(Long.class)
          .setParallelism(1).rebalance();
      AsyncDataStream.unorderedWait(numbers, new Withholding(), 0, TimeUnit.SECONDS, 1000)
          .setParallelism(parallelism).name("async")
          .sinkTo(sink).setParallelism(1);
      return env.buildJobGraph("async restore");
    };
    RestoreRun run = new RestoreRun();
    String metadata = run.runAndFail(job.apply(2), checkpointDir, sink::received, 500, 200);
    assertTrue(WITHHELD.get() > 0, "records were in flight at the checkpoint");
    answerAll = true;
    run.restoreAndFinish(job.apply(3), metadata);
    List<Long> out = new ArrayList<>(sink.results());
    out.sort(null);
    assertEquals(LongStream.range(0, N).boxed().toList(), out, "every number exactly once");
  }
}
