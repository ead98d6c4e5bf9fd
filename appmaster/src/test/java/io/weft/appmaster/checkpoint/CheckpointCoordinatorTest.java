package io.weft.appmaster.checkpoint;

import io.weft.core.checkpoint.CheckpointMetadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.appmaster.checkpoint.CheckpointCoordinator.Participant;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.config.Configuration;
import io.weft.state.snapshot.CheckpointStorage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import io.weft.testing.Await;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coordinator on a local file system, its event thread played by the test. */
class CheckpointCoordinatorTest {
  @TempDir
  java.nio.file.Path tmp;

  private final LinkedBlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
  private final List<Long> triggered = new CopyOnWriteArrayList<>();
  private final List<Long> completed = new CopyOnWriteArrayList<>();
  private final List<Long> completedFinal = new CopyOnWriteArrayList<>();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final List<String> savepointPaths = new CopyOnWriteArrayList<>();
  private ScheduledThreadPoolExecutor timer;
  private FileSystem fs;
  private static final List<Participant> SUBTASKS =
      List.of(new Participant(1, 0, 2), new Participant(1, 1, 2), new Participant(2, 0, 1));

  @BeforeEach
  void setUp() throws IOException {
    timer = new ScheduledThreadPoolExecutor(1);
    fs = FileSystem.getLocal(new org.apache.hadoop.conf.Configuration());
  }

  @AfterEach
  void tearDown() {
    timer.shutdownNow();
  }

  private CheckpointCoordinator coordinator(int retained, Duration timeout) {
    Configuration conf = new Configuration();
    conf.set(CheckpointOptions.INTERVAL, Duration.ofHours(1));
    conf.set(CheckpointOptions.NUM_RETAINED, retained);
    conf.set(CheckpointOptions.TIMEOUT, timeout);
    return coordinator(conf, new Path(tmp.toUri()));
  }

  private CheckpointCoordinator coordinator(Configuration conf, Path checkpointsDir) {
    return new CheckpointCoordinator("job_1", conf, fs, checkpointsDir, SUBTASKS,
        new CheckpointCoordinator.Actions() {
          public void trigger(long id, long ts, String savepointPath, boolean stop) {
            triggered.add(id);
            savepointPaths.add(String.valueOf(savepointPath));
          }

          public void completed(long id, boolean finalCheckpoint) {
            completed.add(id);
            if (finalCheckpoint) {
              completedFinal.add(id);
            }
          }

          public void failJob(String reason) {
            failures.add(reason);
          }
        }, timer, events::add, Runnable::run);
  }

  /** Runs what was posted to the event thread until {@code done} holds. */
  private void runEventsUntil(java.util.function.BooleanSupplier done) {
    Await.until("the events posted so far lead to the awaited state", () -> {
      if (done.getAsBoolean()) {
        return true;
      }
      Runnable r = events.poll(100, TimeUnit.MILLISECONDS);
      if (r != null) {
        r.run();
      }
      return done.getAsBoolean();
    });
  }

  private void checkpoint(CheckpointCoordinator c) throws InterruptedException {
    c.triggerIfDue();
    long id = triggered.get(triggered.size() - 1);
    for (Participant p : SUBTASKS) {
      c.acknowledge(p.vertexId(), p.subtaskIndex(), id, new byte[] {(byte) p.vertexId(), (byte) p.subtaskIndex()});
    }
    runEventsUntil(() -> completed.contains(id));
  }

  @Test
  void aCheckpointCompletesWhenEverySubtaskAcknowledgedAndItsMetadataHoldsTheirStates() throws Exception {
    CheckpointCoordinator c = coordinator(1, Duration.ofMinutes(1));
    c.triggerIfDue();
    assertEquals(List.of(1L), triggered);
    c.acknowledge(1, 0, 1, new byte[] {7});
    c.acknowledge(2, 0, 1, new byte[0]);
    assertTrue(completed.isEmpty(), "one subtask is missing");
    assertTrue(Files.notExists(tmp.resolve("job_1/chk-1/_metadata")));
    c.acknowledge(1, 1, 1, new byte[] {8, 9});
    runEventsUntil(() -> completed.contains(1L));

    CheckpointMetadata read = CheckpointStorage.latestReadable(fs, c.jobDirectory()).metadata();
    assertEquals(1, read.checkpointId());
    assertEquals("job_1", read.jobId());
    assertEquals(3, read.subtasks().size());
    assertArrayEquals(new byte[] {8, 9}, read.subtasks().get(1).state());
    assertEquals(2, read.subtasks().get(1).parallelism());
    assertEquals(1, c.latestCompleted());
  }

  private void acknowledgeAll(CheckpointCoordinator c, long id) {
    for (Participant p : SUBTASKS) {
      c.acknowledge(p.vertexId(), p.subtaskIndex(), id, new byte[] {1});
    }
  }

  @Test
  void theFinalCheckpointWaitsForTheOneInProgressIsRetriedWhenItFailsAndEndsTheCheckpoints() throws Exception {
    CheckpointCoordinator c = coordinator(1, Duration.ofSeconds(2));
    c.triggerIfDue(); // periodic checkpoint 1 is in progress when the last source reads its end
    c.triggerFinal();
    assertEquals(List.of(1L), triggered, "the final checkpoint waits for the one in progress");
    acknowledgeAll(c, 1);
    runEventsUntil(() -> triggered.size() == 2);
    assertEquals(List.of(1L), completed);
    assertEquals(List.of(), completedFinal, "checkpoint 1 is not the final one: its barriers went out before the end");

    // Checkpoint 2, the final one, times out (one subtask never acknowledges): another final one follows.
    c.acknowledge(1, 0, 2, new byte[] {1});
    runEventsUntil(() -> triggered.size() == 3);
    assertEquals(1, failures.size(), "the failed final checkpoint counts like any (0 tolerated): " + failures);
    acknowledgeAll(c, 3);
    c.triggerIfDue(); // the final checkpoint's metadata is written, its completion not yet run
    assertEquals(List.of(1L, 2L, 3L), triggered, "no second final checkpoint while the first one's metadata is written");
    runEventsUntil(() -> completed.contains(3L));
    assertEquals(List.of(3L), completedFinal);

    c.triggerIfDue();
    c.triggerFinal();
    assertEquals(List.of(1L, 2L, 3L), triggered, "nothing after the final checkpoint");
  }

  @Test
  void aRestartForgetsThatTheSourcesEnded() throws Exception {
    CheckpointCoordinator c = coordinator(1, Duration.ofMinutes(1));
    c.triggerFinal();
    assertEquals(List.of(1L), triggered);
    c.pause(); // a task failed: the restarted sources read again
    c.start();
    c.triggerIfDue();
    acknowledgeAll(c, 2);
    runEventsUntil(() -> completed.contains(2L));
    assertEquals(List.of(), completedFinal, "a periodic checkpoint of the restarted attempt is not final");
  }

  @Test
  void aTickQueuedBeforeARestartTriggersNothingAndTheRestartedJobCheckpoints() throws Exception {
    CheckpointCoordinator c = coordinator(1, Duration.ofMinutes(1));
    c.start();
    c.triggerIfDue();
    assertEquals(List.of(1L), triggered);
    c.pause(); // a task failed; a tick already on the event thread runs after this
    c.triggerIfDue();
    assertEquals(List.of(1L), triggered, "no checkpoint while the job restarts");
    c.start(); // every task of the restarted attempt runs
    c.triggerIfDue();
    assertEquals(List.of(1L, 2L), triggered, "the restarted job's first checkpoint is not held by one of the restart");
    acknowledgeAll(c, 2);
    runEventsUntil(() -> completed.contains(2L));
  }

  @Test
  void aRequestedCheckpointWaitsForTheOneInProgressAndPeriodicOnesAreHeldWhileARescaleRuns() throws Exception {
    CheckpointCoordinator c = coordinator(1, Duration.ofMinutes(1));
    c.triggerIfDue(); // a periodic checkpoint, in progress when the rescale asks for one
    java.util.concurrent.CompletableFuture<Long> requested = c.triggerCheckpoint();
    assertEquals(List.of(1L), triggered, "no second snapshot of the state while one is in progress");
    c.holdPeriodic(true);
    for (Participant p : SUBTASKS) {
      c.acknowledge(p.vertexId(), p.subtaskIndex(), 1, new byte[] {1});
    }
    runEventsUntil(requested::isDone);
    assertEquals(1L, requested.join());
    c.triggerIfDue();
    assertEquals(List.of(1L), triggered, "held: no periodic checkpoint while the rescale redeploys");
    java.util.concurrent.CompletableFuture<Long> next = c.triggerCheckpoint();
    assertEquals(List.of(1L, 2L), triggered, "a request is not held back, and none is in progress now");
    assertTrue(!next.isDone());
    c.holdPeriodic(false);
    c.abortPending("the test");
    c.triggerIfDue();
    assertEquals(List.of(1L, 2L, 3L), triggered, "let go: periodic checkpoints again");
  }

  @Test
  void theHistoryRecordsEachCheckpointsFate() throws Exception {
    CheckpointCoordinator c = coordinator(1, Duration.ofMinutes(1));
    c.triggerIfDue();
    c.acknowledge(1, 0, 1, new byte[0], 100, 5);
    c.acknowledge(1, 1, 1, new byte[0], 200, 9);
    c.acknowledge(2, 0, 1, new byte[0], 300, 0);
    runEventsUntil(() -> completed.contains(1L));
    c.triggerIfDue();
    c.acknowledge(1, 0, 2, new byte[0]);
    CheckpointHistory.Entry inProgress = c.history().entries().get(0);
    assertEquals(2, inProgress.id());
    assertEquals(CheckpointHistory.Status.IN_PROGRESS, inProgress.status());
    assertEquals(1, inProgress.acknowledged());
    assertEquals(3, inProgress.subtasks());
    c.abortPending("a task finished");

    List<CheckpointHistory.Entry> entries = c.history().entries();
    assertEquals(List.of(2L, 1L), entries.stream().map(CheckpointHistory.Entry::id).toList(), "newest first");
    assertEquals(CheckpointHistory.Status.ABANDONED, entries.get(0).status());
    assertEquals("a task finished", entries.get(0).failure());
    CheckpointHistory.Entry done = entries.get(1);
    assertEquals(CheckpointHistory.Status.COMPLETED, done.status());
    assertEquals(3, done.acknowledged());
    assertEquals(Files.size(tmp.resolve("job_1/chk-1/_metadata")), done.metadataBytes(), "the metadata file's size");
    assertEquals(600, done.stateSizeBytes(), "the subtasks' state, summed");
    assertEquals(600 + done.metadataBytes(), done.sizeBytes());
    assertEquals(9, done.alignmentMillis(), "the longest alignment");
    assertTrue(done.acknowledgedMillis() >= 0 && done.durationMillis() >= done.acknowledgedMillis(), done.toString());
    assertEquals(1, c.history().completedCount());
    assertEquals(0, c.history().failedCount());
  }

  @Test
  void theHistoryIsBounded() {
    CheckpointHistory history = new CheckpointHistory(3, 1);
    for (long id = 1; id <= 5; id++) {
      history.triggered(id, id);
      history.failed(id, "timeout", id + 1);
    }
    assertEquals(List.of(5L, 4L, 3L), history.entries().stream().map(CheckpointHistory.Entry::id).toList());
    assertEquals(5, history.failedCount(), "the counts cover every checkpoint, not only the kept ones");
  }

  @Test
  void onlyTheRetainedNumberOfCheckpointsIsKept() throws Exception {
    CheckpointCoordinator c = coordinator(2, Duration.ofMinutes(1));
    for (int i = 0; i < 4; i++) {
      checkpoint(c);
    }
    // Deletion runs after completion, on the io executor (here: at once).
    assertEquals(List.of(3L, 4L), List.copyOf(CheckpointStorage.listCheckpoints(fs, c.jobDirectory()).keySet()));
  }

  @Test
  void theCheckpointARestartRestoresFromIsKeptUntilOneTakenAfterTheRestartCompletes() throws Exception {
    CheckpointCoordinator c = coordinator(1, Duration.ofMinutes(1));
    checkpoint(c);
    c.triggerIfDue();
    acknowledgeAll(c, 2); // every acknowledgement in before the failure: its metadata is being written
    c.pause(); // a task failed
    c.restoringFrom(1);
    runEventsUntil(() -> completed.contains(2L)); // and it completes late
    assertEquals(List.of(1L, 2L), List.copyOf(CheckpointStorage.listCheckpoints(fs, c.jobDirectory()).keySet()),
        "nothing is deleted while the restart restores");
    c.start(); // the new attempt runs
    checkpoint(c);
    assertEquals(List.of(3L), List.copyOf(CheckpointStorage.listCheckpoints(fs, c.jobDirectory()).keySet()));
    c.stop();
  }

  @Test
  void aCorruptOrMissingMetadataFileIsSkippedForTheCheckpointBefore() throws Exception {
    CheckpointCoordinator c = coordinator(3, Duration.ofMinutes(1));
    checkpoint(c);
    checkpoint(c);
    Path jobDir = c.jobDirectory();
    try (OutputStream out = fs.create(new Path(jobDir, "chk-3/_metadata"))) {
      out.write("WEFTCKPT garbage".getBytes());
    }
    fs.mkdirs(new Path(jobDir, "chk-4")); // a checkpoint whose metadata was never written
    assertEquals(2, CheckpointStorage.latestReadable(fs, jobDir).metadata().checkpointId());
    fs.delete(jobDir, true);
    assertNull(CheckpointStorage.latestReadable(fs, jobDir));
  }

  @Test
  void aCheckpointThatTimesOutFailsTheJobWhenNoFailureIsTolerated() throws Exception {
    CheckpointCoordinator c = coordinator(1, Duration.ofMillis(200));
    c.triggerIfDue();
    c.acknowledge(1, 0, 1, new byte[0]);
    runEventsUntil(() -> !failures.isEmpty());
    assertTrue(failures.get(0).contains("checkpoint 1 failed") && failures.get(0).contains("200 ms"), failures.get(0));
    assertTrue(completed.isEmpty());
  }

  @Test
  void aSavepointIsWrittenToItsOwnDirectoryAndRetentionNeverDeletesIt() throws Exception {
    CheckpointCoordinator c = coordinator(1, Duration.ofMinutes(1));
    checkpoint(c);
    java.util.concurrent.CompletableFuture<String> done =
        c.triggerSavepoint(tmp.resolve("savepoints").toUri().toString(), false);
    long id = triggered.get(triggered.size() - 1);
    String dir = savepointPaths.get(savepointPaths.size() - 1);
    assertTrue(dir.endsWith("/savepoints/savepoint-job_1-" + id), dir);
    for (Participant p : SUBTASKS) {
      c.acknowledge(p.vertexId(), p.subtaskIndex(), id, new byte[] {5});
    }
    runEventsUntil(done::isDone);
    assertEquals(dir, done.get());
    assertTrue(completed.contains(id), "the tasks hear that the savepoint completed (sinks commit)");
    try (var in = fs.open(new Path(dir, CheckpointStorage.METADATA))) {
      assertEquals(id, CheckpointMetadata.read(in, dir).checkpointId());
    }
    assertEquals(1, c.latestCompleted(), "a savepoint is not a checkpoint to restart from");
    checkpoint(c);
    checkpoint(c);
    assertTrue(fs.exists(new Path(dir, CheckpointStorage.METADATA)), "retention leaves savepoints alone");
    c.stop();
  }

  /** Acknowledges the savepoint just triggered for every subtask and waits for its directory. */
  private String savepoint(CheckpointCoordinator c, String target) throws Exception {
    java.util.concurrent.CompletableFuture<String> done = c.triggerSavepoint(target, false);
    long id = triggered.get(triggered.size() - 1);
    for (Participant p : SUBTASKS) {
      c.acknowledge(p.vertexId(), p.subtaskIndex(), id, new byte[] {7});
    }
    runEventsUntil(done::isDone);
    return done.get();
  }

  @Test
  void withoutCheckpointingItTakesSavepointsOnlyAndNeverReusesAnEarlierAttemptsDirectory() throws Exception {
    Configuration off = new Configuration(); // no interval: checkpointing is off
    String target = tmp.resolve("savepoints").toUri().toString();
    CheckpointCoordinator first = coordinator(off, null);
    first.start();
    // What would trigger a checkpoint later is a task on the timer: start() scheduled none.
    assertTrue(timer.getQueue().isEmpty(), "nothing periodic is scheduled: " + timer.getQueue());
    assertTrue(triggered.isEmpty() && events.isEmpty(), "nothing triggered: " + triggered);
    String one = savepoint(first, target);
    assertTrue(one.endsWith("/savepoints/savepoint-job_1-1"), one);
    assertTrue(fs.exists(new Path(one, CheckpointStorage.METADATA)));
    assertTrue(completed.contains(1L), "the tasks hear that the savepoint completed (sinks commit)");
    first.stop();
    assertTrue(fs.exists(new Path(one, CheckpointStorage.METADATA)), "stopping deletes no savepoint");
    // A new ApplicationMaster attempt counts from 1 again, with no checkpoint directory to list.
    CheckpointCoordinator second = coordinator(off, null);
    String two = savepoint(second, target);
    assertTrue(two.endsWith("/savepoints/savepoint-job_1-2"), two);
    second.stop();
  }

  @Test
  void aSavepointSkipsTheIdOfAnEarlierAttemptsLaterSavepoint() throws Exception {
    String target = tmp.resolve("savepoints").toUri().toString();
    CheckpointCoordinator first = coordinator(1, Duration.ofMinutes(1));
    checkpoint(first);
    String later = savepoint(first, target);
    assertTrue(later.endsWith("/savepoints/savepoint-job_1-2"), later);
    first.stop();
    // The next attempt finds checkpoint 1 and continues after it: id 2 is the savepoint's.
    CheckpointCoordinator second = coordinator(1, Duration.ofMinutes(1));
    second.continueAfter(1);
    String next = savepoint(second, target);
    assertTrue(next.endsWith("/savepoints/savepoint-job_1-3"), next);
    try (var in = fs.open(new Path(later, CheckpointStorage.METADATA))) {
      assertEquals(2, CheckpointMetadata.read(in, later).checkpointId(), "the earlier savepoint is untouched");
    }
    second.stop();
  }

  @Test
  void aSavepointThatTimesOutFailsItsCallerButNotTheJob() throws Exception {
    CheckpointCoordinator c = coordinator(1, Duration.ofMillis(200));
    java.util.concurrent.CompletableFuture<String> done =
        c.triggerSavepoint(tmp.resolve("savepoints").toUri().toString(), true);
    runEventsUntil(done::isDone);
    java.util.concurrent.ExecutionException e =
        assertThrows(java.util.concurrent.ExecutionException.class, done::get);
    assertTrue(e.getCause().getMessage().contains("200 ms"), e.getCause().getMessage());
    assertTrue(failures.isEmpty(), "tolerable checkpoint failures are not used up by savepoints");
    java.util.concurrent.CompletableFuture<String> abandoned =
        c.triggerSavepoint(tmp.resolve("savepoints").toUri().toString(), false);
    c.stop();
    assertTrue(abandoned.isCompletedExceptionally(), "a job that ends abandons its savepoint");
  }

  @Test
  void sharedFilesNoRetainedCheckpointUsesAreDeletedOnceOlderThanEveryPendingUpload() throws Exception {
    CheckpointCoordinator c = coordinator(1, Duration.ofMinutes(1));
    Path shared = new Path(c.jobDirectory(), "shared");
    long old = System.currentTimeMillis() - 10 * CheckpointCoordinator.CLOCK_MARGIN_MILLIS;
    for (String name : new String[] {"sst-a", "sst-b"}) {
      fs.create(new Path(shared, name)).close();
      fs.setTimes(new Path(shared, name), old, -1);
    }
    // Checkpoint 1 uses a and b; checkpoint 2 (retained alone) uses b and a new c.
    incrementalCheckpoint(c, shared, "sst-a", "sst-b");
    fs.create(new Path(shared, "sst-c")).close();
    incrementalCheckpoint(c, shared, "sst-b", "sst-c");
    fs.create(new Path(shared, "sst-new")).close(); // being uploaded for a checkpoint still pending
    assertEquals(java.util.Set.of("sst-b", "sst-c", "sst-new"), java.util.Arrays.stream(fs.listStatus(shared))
        .map(f -> f.getPath().getName()).collect(java.util.stream.Collectors.toSet()));
    c.stop();
  }

  /** A checkpoint whose one keyed subtask references {@code files} in {@code shared}. */
  private void incrementalCheckpoint(CheckpointCoordinator c, Path shared, String... files) throws Exception {
    c.triggerIfDue();
    long id = triggered.get(triggered.size() - 1);
    List<io.weft.state.snapshot.IncrementalKeyedStateHandle.NamedFile> named = new java.util.ArrayList<>();
    for (String f : files) {
      named.add(new io.weft.state.snapshot.IncrementalKeyedStateHandle.NamedFile(f + ".sst",
          new Path(shared, f).toString(), 1));
    }
    var handle = new io.weft.state.snapshot.IncrementalKeyedStateHandle(
        new io.weft.state.snapshot.KeyGroupRange(0, 127), id, "backend", named, List.of());
    byte[] state = new io.weft.state.snapshot.TaskStateSnapshot(
        List.of(new io.weft.state.snapshot.TaskStateSnapshot.OperatorState(3, null, handle, null))).toBytes();
    for (Participant p : SUBTASKS) {
      c.acknowledge(p.vertexId(), p.subtaskIndex(), id, p.vertexId() == 2 ? state : new byte[0]);
    }
    runEventsUntil(() -> completed.contains(id));
  }

  @Test
  void truncatedMetadataNamesTheFileAndOffset() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new CheckpointMetadata("job_1", 5, 6, List.of(new CheckpointMetadata.SubtaskState(1, 0, 1, new byte[100])))
        .writeTo(bytes);
    byte[] whole = bytes.toByteArray();
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 10);
    IOException e = assertThrows(IOException.class,
        () -> CheckpointMetadata.read(new ByteArrayInputStream(cut), "hdfs:///x/_metadata"));
    assertTrue(e.getMessage().contains("hdfs:///x/_metadata") && e.getMessage().contains("offset " + cut.length),
        e.getMessage());
    assertEquals(5, CheckpointMetadata.read(new ByteArrayInputStream(whole), "x").checkpointId());
  }

  /** A checkpoint directory that subtasks wrote state into, as their uploads do, without metadata. */
  private java.nio.file.Path stateFileIn(long id) throws IOException {
    java.nio.file.Path dir = Files.createDirectories(tmp.resolve("job_1").resolve("chk-" + id));
    return Files.writeString(dir.resolve("state-1-0"), "keyed state");
  }

  @Test
  void theJobsEndDeletesAbortedAndInFlightCheckpointsButKeepsCompletedOnes() throws Exception {
    CheckpointCoordinator c = coordinator(3, Duration.ofMinutes(1));
    checkpoint(c);
    c.triggerIfDue(); // checkpoint 2: one subtask uploaded and acknowledged, the others never will
    long inFlight = triggered.get(triggered.size() - 1);
    stateFileIn(inFlight);
    c.acknowledge(1, 0, inFlight, new byte[] {1});
    stateFileIn(inFlight + 5); // an aborted one, never known to this coordinator
    c.stop();
    assertTrue(Files.exists(tmp.resolve("job_1/chk-1/_metadata")), "the completed checkpoint stays");
    assertTrue(Files.notExists(tmp.resolve("job_1/chk-" + inFlight)), "the in-flight one is gone");
    assertTrue(Files.notExists(tmp.resolve("job_1/chk-" + (inFlight + 5))), "the aborted one is gone");
  }

  @Test
  void aNewAttemptDeletesWhatAnEarlierOneLeftUnfinishedAndNumbersOnAfterIt() throws Exception {
    CheckpointCoordinator earlier = coordinator(3, Duration.ofMinutes(1));
    checkpoint(earlier);
    stateFileIn(2); // the earlier attempt died while checkpoint 2 was uploading
    CheckpointCoordinator next = coordinator(3, Duration.ofMinutes(1));
    next.resumeAfterExisting();
    assertTrue(Files.exists(tmp.resolve("job_1/chk-1/_metadata")));
    assertTrue(Files.notExists(tmp.resolve("job_1/chk-2")), "the unfinished checkpoint is gone");
    next.triggerIfDue();
    assertEquals(3L, triggered.get(triggered.size() - 1), "no id is used twice");
  }

  @Test
  void checkpointDirectoriesAndMetadataArePrivateByDefault() throws Exception {
    checkpoint(coordinator(1, Duration.ofMinutes(1)));
    assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(tmp.resolve("job_1"))));
    assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(tmp.resolve("job_1/chk-1"))));
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(tmp.resolve("job_1/chk-1/_metadata"))));
  }

  @Test
  void aPermissionThatIsNotOctalIsRefusedNamingTheOption() {
    Configuration conf = new Configuration();
    conf.set(CheckpointOptions.PERMISSION, "rwx");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CheckpointOptions.permissionOf(conf));
    assertTrue(e.getMessage().contains("state.checkpoints.permission") && e.getMessage().contains("'rwx'"),
        e.getMessage());
  }
}
