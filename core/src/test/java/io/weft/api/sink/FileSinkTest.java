package io.weft.api.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.api.functions.TestSubtasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two-phase commit of the exactly-once file sink, through a failure and a restore. */
class FileSinkTest {
  @TempDir
  Path dir;

  private SinkWriter<String> writer(int attempt) throws Exception {
    return writer(0, 1, attempt);
  }

  private SinkWriter<String> writer(int subtask, int parallelism, int attempt) throws Exception {
    return new FileSink<String>(dir.toUri().toString()).createWriter(TestSubtasks.of(subtask, parallelism, attempt));
  }

  /** The committed output: lines of the part files, in file name order. */
  private List<String> committed() throws Exception {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
        lines.addAll(Files.readAllLines(f));
      }
    }
    return lines;
  }

  @Test
  void onlyCompletedCheckpointsAreVisibleAndAFailureLosesAndRepeatsNothing() throws Exception {
    SinkWriter<String> first = writer(0);
    first.write("a", null);
    byte[] atCheckpoint1 = first.snapshotState(1);
    first.write("b", null);
    first.snapshotState(2);
    first.write("c", null);
    assertEquals(List.of(), committed(), "nothing is visible before a checkpoint completes");
    first.notifyCheckpointComplete(1);
    assertEquals(List.of("a"), committed());
    first.close(); // the task fails: checkpoint 2 never completes

    // Restored from checkpoint 1, the sources replay b and c.
    SinkWriter<String> second = writer(1);
    second.restoreState(atCheckpoint1);
    second.write("b", null);
    second.write("c", null);
    second.finish();
    second.close();
    assertEquals(List.of("a", "b", "c"), committed());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".inprogress")).toList(),
          "no in-progress file is left");
    }
  }

  @Test
  void aSubtaskThatFinishedBeforeAnotherFailedWritesItsEndAgainWithoutDuplicates() throws Exception {
    SinkWriter<String> first = writer(0);
    first.write("a", null);
    byte[] atCheckpoint1 = first.snapshotState(1);
    first.notifyCheckpointComplete(1);
    first.write("b", null);
    first.finish(); // this subtask's input ended: b is committed as the end file
    first.close();
    assertEquals(List.of("a", "b"), committed());

    // Another subtask fails; the job restores checkpoint 1 and this subtask replays b.
    SinkWriter<String> second = writer(1);
    second.restoreState(atCheckpoint1);
    second.write("b", null);
    second.finish();
    second.close();
    assertEquals(List.of("a", "b"), committed());
  }

  @Test
  void withAFinalCheckpointTheEndFileCommitsWithItAndARestoreOfItKeepsTheEndFile() throws Exception {
    SinkWriter<String> first = new FileSink<String>(dir.toUri().toString()).createWriter(TestSubtasks.of(0, 1, 0, true));
    first.write("a", null);
    first.snapshotState(1);
    first.notifyCheckpointComplete(1);
    first.write("b", null);
    first.finish();
    assertEquals(List.of("a"), committed(), "the end file waits for the final checkpoint");
    byte[] atFinal = first.snapshotState(2);
    first.notifyCheckpointComplete(2);
    first.close();
    assertEquals(List.of("a", "b"), committed());

    // Another subtask fails after the final checkpoint completed: the job restores it, and this
    // subtask's input, restored at its end, brings nothing more.
    SinkWriter<String> second = new FileSink<String>(dir.toUri().toString()).createWriter(TestSubtasks.of(0, 1, 1, true));
    second.restoreState(atFinal);
    second.finish();
    second.snapshotState(3);
    second.notifyCheckpointComplete(3);
    second.close();
    assertEquals(List.of("a", "b"), committed(), "the end file, covered by the restored checkpoint, stays");
  }

  @Test
  void whatAFinishedSubtaskCommittedWithoutItsCheckpointIsRetractedOnRestore() throws Exception {
    SinkWriter<String> first = writer(0);
    first.write("a", null);
    byte[] atCheckpoint1 = first.snapshotState(1);
    first.notifyCheckpointComplete(1);
    first.write("b", null);
    first.snapshotState(2); // checkpoint 2 will never complete: another subtask fails first
    first.write("c", null);
    first.finish(); // commits b (pending for 2) and c
    first.close();
    assertEquals(List.of("a", "b", "c"), committed());

    SinkWriter<String> second = writer(1);
    second.restoreState(atCheckpoint1);
    assertEquals(List.of("a"), committed(), "b and c are replayed, so their files go");
    second.write("b", null);
    second.write("c", null);
    second.finish();
    second.close();
    assertEquals(List.of("a", "b", "c"), committed());
  }

  @Test
  void aRestartWithoutACheckpointStartsTheOutputOver() throws Exception {
    SinkWriter<String> first = writer(0);
    first.write("a", null);
    first.finish();
    first.close();
    SinkWriter<String> second = writer(1);
    second.restoreState(null);
    assertEquals(List.of(), committed());
    second.write("a", null);
    second.finish();
    second.close();
    assertEquals(List.of("a"), committed());
  }

  @Test
  void aCheckpointThatCompletedBeforeItsCommitArrivedIsCommittedOnRestore() throws Exception {
    SinkWriter<String> first = writer(0);
    first.write("x", null);
    byte[] state = first.snapshotState(7);
    first.close(); // failed before the commit message came
    assertEquals(List.of(), committed());
    SinkWriter<String> second = writer(1);
    second.restoreState(state);
    second.restoreState(state); // a replayed restore commits nothing twice
    assertEquals(List.of("x"), committed());
    second.finish();
    second.close();
    assertEquals(List.of("x"), committed());
  }

  @Test
  void restoredAtAnotherParallelismASubtaskFinishesTheFilesOfTheOldSubtasksItTakesOver() throws Exception {
    List<byte[]> states = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      SinkWriter<String> old = writer(i, 3, 0);
      old.write("done-" + i, null);
      old.snapshotState(4);
      old.notifyCheckpointComplete(4);
      old.write("pending-" + i, null);
      states.add(old.snapshotState(5)); // checkpoint 5 completed, its commit never arrived
      old.write("after-" + i, null); // written after it: replayed
      old.snapshotState(6); // never completed
      old.write("lost-" + i, null);
      old.close();
    }
    // At parallelism 2, subtask 0 takes old 0 and 2, subtask 1 takes old 1.
    SinkWriter<String> zero = writer(0, 2, 0);
    zero.restoreRescaled(List.of(states.get(0), states.get(2)));
    SinkWriter<String> one = writer(1, 2, 0);
    one.restoreRescaled(List.of(states.get(1)));
    List<String> lines = committed();
    java.util.Collections.sort(lines);
    assertEquals(List.of("done-0", "done-1", "done-2", "pending-0", "pending-1", "pending-2"), lines);
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".inprogress")).toList(),
          "what the old subtasks wrote after the checkpoint is gone");
    }
  }

  @Test
  void aRestoreIntoAnotherDirectoryCommitsThePendingFilesWhereTheyWereWritten() throws Exception {
    SinkWriter<String> first = writer(0);
    first.write("a", null);
    byte[] atCheckpoint1 = first.snapshotState(1); // pending, never committed: the job is stopped here
    first.close();

    Path elsewhere = Files.createDirectories(dir.resolve("new-output"));
    SinkWriter<String> second = new FileSink<String>(elsewhere.toUri().toString())
        .createWriter(TestSubtasks.of(0, 1, 0));
    second.restoreState(atCheckpoint1); // checkpoint 1 completed: its pending file is committed
    second.write("b", null);
    second.finish();
    second.close();
    assertEquals(List.of("a"), committed(), "the restored checkpoint's file, in the directory it was written in");
    assertEquals(List.of("b"), Files.readAllLines(elsewhere.resolve("part-0-end")));
  }
}
