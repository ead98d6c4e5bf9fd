package io.weft.worker.local;

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
import io.weft.core.config.Configuration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded job with checkpoints ends with a final checkpoint, as in Flink: a transactional sink
 * commits its last records when that checkpoint completes, not when its input ends, and the
 * checkpoint goes as soon as every source ended rather than at the next interval.
 */
class FinalCheckpointTest {
  /** "checkpoint-id:value" per committed value, from every run of {@link RecordingSink}. */
  static final ConcurrentLinkedQueue<String> COMMITTED = new ConcurrentLinkedQueue<>();

  @TempDir Path tmp;

  /** Two sources into one sink: one ends at once, the other runs on for a while. */
  private void run(boolean finalCheckpoints) throws Exception {
    COMMITTED.clear();
    Configuration conf = new Configuration();
    // No periodic checkpoint within the test: the only one is the final checkpoint, or none.
    conf.set(CheckpointOptions.INTERVAL, Duration.ofHours(1));
    conf.set(CheckpointOptions.DIRECTORY, tmp.resolve("checkpoints").toUri().toString());
    conf.set(CheckpointOptions.CHECKPOINTS_AFTER_TASKS_FINISH, finalCheckpoints);
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    var shortInput = env.fromSource(new GeneratorSource<>(i -> "s" + i, 5), "short").returns(String.class);
    var longInput = env.fromSource(new GeneratorSource<>(i -> "l" + i, 300), "long").returns(String.class)
        .map(v -> {
          Thread.sleep(2);
          return v;
        }).returns(String.class);
    shortInput.union(longInput).sinkTo(new RecordingSink()).name("recording");
    env.execute("final checkpoint");
  }

  @Test
  @Timeout(300) // without the final checkpoint at once, the job would wait an hour for the interval
  void theLastRecordsCommitWithTheFinalCheckpointTakenOnceEverySourceEnded() throws Exception {
    run(true);
    Map<String, List<String>> byCheckpoint = byCheckpoint();
    assertEquals(List.of("1"), new ArrayList<>(byCheckpoint.keySet()),
        "everything committed with checkpoint 1, the final one: " + byCheckpoint.keySet());
    assertEquals(305, byCheckpoint.get("1").size());
  }

  @Test
  void withTheOptionOffTheSinkCommitsAtTheEndOfItsInput() throws Exception {
    run(false);
    Map<String, List<String>> byCheckpoint = byCheckpoint();
    assertEquals(List.of(String.valueOf(TwoPhaseCommittingSink.END_OF_INPUT)), new ArrayList<>(byCheckpoint.keySet()));
    assertEquals(305, byCheckpoint.get(String.valueOf(TwoPhaseCommittingSink.END_OF_INPUT)).size());
  }

  private static Map<String, List<String>> byCheckpoint() {
    Map<String, List<String>> result = new TreeMap<>();
    for (String c : COMMITTED) {
      int colon = c.indexOf(':');
      result.computeIfAbsent(c.substring(0, colon), k -> new ArrayList<>()).add(c.substring(colon + 1));
    }
    assertTrue(result.values().stream().flatMap(List::stream).distinct().count()
        == result.values().stream().mapToLong(List::size).sum(), "a value committed twice: " + result);
    return result;
  }

  /** Committables are the values written since the last barrier, joined by commas. */
  static final class RecordingSink implements TwoPhaseCommittingSink<String, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public PrecommittingSinkWriter<String, String> createPrecommittingWriter(SubtaskInfo context) {
      return new PrecommittingSinkWriter<>() {
        final List<String> written = new ArrayList<>();

        @Override
        public void write(String value, Long timestamp) {
          written.add(value);
        }

        @Override
        public Collection<String> prepareCommit(long checkpointId) {
          if (written.isEmpty()) {
            return List.of();
          }
          String batch = String.join(",", written);
          written.clear();
          return List.of(batch);
        }

        @Override
        public byte[] snapshotState(long checkpointId) {
          return new byte[0];
        }

        @Override
        public void restore(List<byte[]> states, boolean rescaled) {}
      };
    }

    @Override
    public Committer<String> createCommitter(SubtaskInfo context) {
      return (checkpointId, committables, recovered) -> {
        for (String batch : committables) {
          for (String v : batch.split(",")) {
            COMMITTED.add(checkpointId + ":" + v);
          }
        }
      };
    }

    @Override
    public CommittableSerializer<String> getCommittableSerializer() {
      return new Utf8CommittableSerializer();
    }
  }
}
