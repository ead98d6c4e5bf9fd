package io.weft.api.sink.twophase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.functions.SubtaskInfo;
import io.weft.api.functions.TestSubtasks;
import io.weft.api.sink.SinkWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The protocol a user's transactional sink gets from the API: when committables are prepared, kept, committed and replayed. */
class TwoPhaseCommittingSinkTest {
  /** What the committers did, in order: "commit <checkpoint> <committables> <recovered>". */
  static final List<String> LOG = new CopyOnWriteArrayList<>();

  /** A sink whose committables are the batches of values written between barriers. */
  static final class BatchSink implements TwoPhaseCommittingSink<String, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public PrecommittingSinkWriter<String, String> createPrecommittingWriter(SubtaskInfo context) {
      return new PrecommittingSinkWriter<>() {
        final List<String> batch = new ArrayList<>();
        List<String> restored = List.of();

        @Override
        public void write(String value, Long timestamp) {
          batch.add(value);
        }

        @Override
        public Collection<String> prepareCommit(long checkpointId) {
          if (batch.isEmpty()) {
            return List.of();
          }
          String prepared = String.join("+", batch);
          batch.clear();
          return List.of(prepared);
        }

        @Override
        public byte[] snapshotState(long checkpointId) {
          return ("writer of " + context.subtaskIndex()).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void restore(List<byte[]> states, boolean rescaled) {
          List<String> s = new ArrayList<>();
          states.forEach(b -> s.add(new String(b, StandardCharsets.UTF_8)));
          LOG.add("restore " + s + " rescaled=" + rescaled);
        }
      };
    }

    @Override
    public Committer<String> createCommitter(SubtaskInfo context) {
      return (checkpointId, committables, recovered) -> LOG.add("commit " + (checkpointId == END_OF_INPUT ? "end"
          : String.valueOf(checkpointId)) + " " + committables + " " + recovered);
    }

    @Override
    public CommittableSerializer<String> getCommittableSerializer() {
      return new CommittableSerializer<>() {
        @Override
        public int getVersion() {
          return 7;
        }

        @Override
        public byte[] serialize(String c) {
          return c.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String deserialize(int version, byte[] serialized) throws IOException {
          if (version != 7) {
            throw new IOException("version " + version);
          }
          return new String(serialized, StandardCharsets.UTF_8);
        }
      };
    }
  }

  @Test
  void committablesCommitWhenTheirCheckpointCompletesAndAgainOnRestoreBeforeTheWriterCleansUp() throws Exception {
    LOG.clear();
    SinkWriter<String> w = new BatchSink().createWriter(TestSubtasks.of(0, 1));
    w.write("a", null);
    w.snapshotState(1);
    w.write("b", null);
    byte[] at2 = w.snapshotState(2);
    w.snapshotState(3); // nothing written since: nothing prepared
    assertEquals(List.of(), LOG, "nothing is committed before a checkpoint completes");
    w.notifyCheckpointComplete(2); // completes 1 as well, in order
    assertEquals(List.of("commit 1 [a] false", "commit 2 [b] false"), LOG);
    w.notifyCheckpointComplete(2); // a repeated notification commits nothing twice
    assertEquals(2, LOG.size());
    w.close();

    LOG.clear();
    SinkWriter<String> restored = new BatchSink().createWriter(TestSubtasks.of(0, 1, 1));
    restored.restoreState(at2); // checkpoint 2 had 1 and 2 pending: both are committed again
    assertEquals(List.of("commit 1 [a] true", "commit 2 [b] true", "restore [writer of 0] rescaled=false"), LOG);
    restored.write("c", null);
    restored.finish();
    assertEquals("commit end [c] false", LOG.get(LOG.size() - 1));
    restored.close();
  }

  @Test
  void withAFinalCheckpointTheEndOfInputCommitsWithTheNextCheckpointAndARestoreOfThatCheckpointCommitsItAgain()
      throws Exception {
    LOG.clear();
    SinkWriter<String> w = new BatchSink().createWriter(TestSubtasks.of(0, 1, 0, true));
    w.write("a", null);
    w.snapshotState(1);
    w.write("b", null);
    w.finish();
    assertEquals(List.of(), LOG, "the end of input commits nothing before the final checkpoint");
    byte[] atFinal = w.snapshotState(2); // the final checkpoint, after the end of input
    w.notifyCheckpointComplete(1);
    assertEquals(List.of("commit 1 [a] false"), LOG, "the tail is not part of checkpoint 1");
    w.notifyCheckpointComplete(2);
    assertEquals(List.of("commit 1 [a] false", "commit 2 [b] false"), LOG);
    w.close();

    LOG.clear();
    SinkWriter<String> restored = new BatchSink().createWriter(TestSubtasks.of(0, 1, 1, true));
    restored.restoreState(atFinal); // a failure after the final checkpoint completed
    assertEquals(List.of("commit 1 [a] true", "commit 2 [b] true", "restore [writer of 0] rescaled=false"), LOG);
    restored.finish(); // the restored input ends again with nothing after it
    restored.snapshotState(3);
    restored.notifyCheckpointComplete(3);
    assertEquals(3, LOG.size(), "nothing is committed twice: " + LOG);
    restored.close();
  }

  @Test
  void rescaledASubtaskCommitsAndCleansUpForEveryOldSubtaskItTakesOver() throws Exception {
    LOG.clear();
    List<byte[]> states = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      SinkWriter<String> w = new BatchSink().createWriter(TestSubtasks.of(i, 2));
      w.write("x" + i, null);
      states.add(w.snapshotState(4));
      w.close();
    }
    SinkWriter<String> one = new BatchSink().createWriter(TestSubtasks.of(0, 1, 1));
    one.restoreRescaled(states);
    assertEquals(List.of("commit 4 [x0] true", "commit 4 [x1] true", "restore [writer of 0, writer of 1] rescaled=true"),
        LOG);
    one.close();
  }

  @Test
  void aStateOfAnotherSinkIsRefused() throws Exception {
    SinkWriter<String> w = new BatchSink().createWriter(TestSubtasks.of(0, 1, 1));
    IOException e = assertThrows(IOException.class, () -> w.restoreState(new byte[] {0, 0, 0, 1, 0, 0, 0, 0}));
    assertTrue(e.getMessage().contains("BatchSink subtask 0"), e.getMessage());
  }
}
