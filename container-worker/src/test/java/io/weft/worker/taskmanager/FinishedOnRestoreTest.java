package io.weft.worker.taskmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.SubtaskInfo;
import io.weft.api.sink.twophase.CommittableSerializer;
import io.weft.worker.harness.Utf8CommittableSerializer;
import io.weft.api.sink.twophase.Committer;
import io.weft.api.sink.twophase.PrecommittingSinkWriter;
import io.weft.api.sink.twophase.TwoPhaseCommittingSink;
import io.weft.api.source.GeneratorSource;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.plan.JobGraph;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A restore from a checkpoint taken after a branch of the job had finished does not run that
 * branch's {@code finish()} again (Flink's operators finished on restore). The job: a short source
 * chained to an exactly-once sink whose {@code finish()} adds a trailer it keeps in no state, and a
 * long source (held in attempt 0) into another such sink. Checkpoint 1 is taken once the short
 * branch finished, the job fails after it, and is restored (at the same parallelism and at
 * another): every value, trailers included, is committed exactly once.
 */
// A hang guard only: the waits inside are on conditions.
@Timeout(600)
class FinishedOnRestoreTest {
  private static final int SHORT = 5;
  private static final int LONG = 3_000;
  /** Committables ever committed (a commit of the same one again, as a restore does, is idempotent). */
  static final Set<String> COMMITTED = ConcurrentHashMap.newKeySet();
  /** Values the long branch's sink got, over all attempts; the test's progress. */
  static final AtomicInteger LONG_WRITTEN = new AtomicInteger();
  /** Sink subtasks of the short branch whose input ended, over all attempts. */
  static final AtomicInteger SHORT_FINISHED = new AtomicInteger();

  @TempDir
  Path checkpointDir;

  private JobGraph job(int shortParallelism) {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(1);
    env.getConfiguration().set(CheckpointOptions.DIRECTORY, checkpointDir.toUri().toString());
    env.getConfiguration().set(CheckpointOptions.INTERVAL, Duration.ofHours(1)); // RestoreRun triggers them
    env.fromSource(new GeneratorSource<>(i -> "s" + i, SHORT), "short").returns(String.class)
        .setParallelism(shortParallelism).uid("short")
        .sinkTo(new TrailerSink("short")).setParallelism(shortParallelism).uid("short-sink");
    env.fromSource(new FirstAttemptHeld<>(new GeneratorSource<>(i -> "l" + i, LONG), 500), "long")
        .returns(String.class).uid("long")
        .sinkTo(new TrailerSink("long")).uid("long-sink");
    return env.buildJobGraph("finished on restore");
  }

  @ParameterizedTest(name = "short branch at p=2 restored at p={0}")
  @ValueSource(ints = {2, 3})
  void aBranchThatFinishedBeforeTheCheckpointDoesNotFinishAgain(int restoredParallelism) throws Exception {
    COMMITTED.clear();
    LONG_WRITTEN.set(0);
    SHORT_FINISHED.set(0);
    RestoreRun run = new RestoreRun();
    // Checkpoint 1 once both short sink subtasks finished (their trailers are in it), not completed
    // before the failure: the restore must commit what it carries.
    String metadata = run.runAndFail(job(2), checkpointDir,
        () -> SHORT_FINISHED.get() == 2 ? LONG_WRITTEN.get() : 0, 200, 100);
    run.restoreAndFinish(job(restoredParallelism), metadata);

    Map<String, Integer> counts = new TreeMap<>();
    for (String committable : COMMITTED) {
      String values = committable.substring(committable.indexOf('|') + 1);
      for (String v : values.split(",")) {
        counts.merge(v, 1, Integer::sum);
      }
    }
    List<String> twice = counts.entrySet().stream().filter(e -> e.getValue() != 1).map(Map.Entry::getKey).toList();
    assertEquals(List.of(), twice, "committed more than once");
    assertEquals(1, counts.getOrDefault("end-short-0", 0), "the trailer of short sink subtask 0");
    assertEquals(1, counts.getOrDefault("end-short-1", 0), "the trailer of short sink subtask 1");
    assertTrue(counts.keySet().stream().noneMatch(v -> v.equals("end-short-2")), "no new subtask finished again");
    assertEquals(1, counts.getOrDefault("end-long-0", 0));
    assertEquals(SHORT + LONG + 3, counts.size(), "every value once, and the three trailers: " + counts.size());
    assertEquals(2, SHORT_FINISHED.get(), "the short sink finished in attempt 0 only");
  }

  /**
   * Committables are "sink/subtask/checkpoint|values"; at the end of the input the writer adds
   * "end-sink-subtask", which is in no state: a second {@code finish()} adds it again.
   */
  static final class TrailerSink implements TwoPhaseCommittingSink<String, String> {
    private static final long serialVersionUID = 1L;
    private final String name;

    TrailerSink(String name) {
      this.name = name;
    }

    @Override
    public PrecommittingSinkWriter<String, String> createPrecommittingWriter(SubtaskInfo context) {
      int subtask = context.subtaskIndex();
      return new PrecommittingSinkWriter<>() {
        final List<String> written = new ArrayList<>();

        @Override
        public void write(String value, Long timestamp) {
          written.add(value);
          if (name.equals("long")) {
            LONG_WRITTEN.incrementAndGet();
          }
        }

        @Override
        public Collection<String> prepareCommit(long checkpointId) {
          if (checkpointId == END_OF_INPUT) {
            written.add("end-" + name + "-" + subtask);
            if (name.equals("short")) {
              SHORT_FINISHED.incrementAndGet();
            }
          }
          if (written.isEmpty()) {
            return List.of();
          }
          String committable = name + "/" + subtask + "/" + checkpointId + "|" + String.join(",", written);
          written.clear();
          return List.of(committable);
        }
      };
    }

    @Override
    public Committer<String> createCommitter(SubtaskInfo context) {
      return (checkpointId, committables, recovered) -> COMMITTED.addAll(committables);
    }

    @Override
    public CommittableSerializer<String> getCommittableSerializer() {
      return new Utf8CommittableSerializer();
    }
  }
}
