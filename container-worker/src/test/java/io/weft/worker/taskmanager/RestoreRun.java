package io.weft.worker.taskmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.testing.Await;
import io.weft.core.checkpoint.CheckpointMetadata;
import io.weft.core.plan.JobGraph;
import io.weft.worker.operators.OperatorRestore;
import io.weft.worker.task.ExecutionState;
import io.weft.worker.task.Task;
import io.weft.worker.task.TaskListener;
import io.weft.worker.task.TaskWiring;
import io.weft.worker.task.TaskWiring.SubtaskId;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * Runs a job in this JVM the way a TaskManager does after a failure: attempt 0 runs until a
 * condition holds, takes a checkpoint (barriers from the sources, every task acknowledges), runs
 * on until a second condition holds (so output after the checkpoint exists), and is then canceled
 * mid-stream; the acknowledged states become a checkpoint metadata file, which {@link
 * CheckpointRestore} reads for attempt 1 of the same or a rescaled job graph, run to its end.
 */
final class RestoreRun implements TaskListener {
  /**
   * Bounds each wait. Generous: at load 25 to 30 on two cores a RocksDB session-window job took 80 s
   * for what takes 3 s on a quiet machine.
   */
  private static final Duration TIMEOUT = Duration.ofSeconds(300);
  private final String jobId = "restore-test";
  private final Map<Long, Map<SubtaskId, byte[]>> acknowledged = new ConcurrentHashMap<>();
  private final Map<Task, Throwable> failures = new ConcurrentHashMap<>();
  /** The id of the final checkpoint this harness takes, as the JobManager does, once every source of a run ended. */
  private static final long FINAL_CHECKPOINT = 1_000;
  private volatile List<Task> running = List.of();
  private final java.util.Set<Task> sourcesEnded = ConcurrentHashMap.newKeySet();

  @Override
  public void inputEnded(Task task) {
    sourcesEnded.add(task);
    List<Task> sources = running.stream().filter(t -> t.setup().vertex().isSource()).toList();
    if (sourcesEnded.containsAll(sources)) {
      sources.forEach(t -> t.triggerCheckpoint(FINAL_CHECKPOINT, FINAL_CHECKPOINT));
    }
  }

  @Override
  public void stateChanged(Task task, ExecutionState state, Throwable failure) {
    if (failure != null) {
      failures.put(task, failure);
    }
  }

  @Override
  public void checkpointAcknowledged(Task task, long checkpointId, byte[] state) {
    Map<SubtaskId, byte[]> acks = acknowledged.computeIfAbsent(checkpointId, id -> new ConcurrentHashMap<>());
    acks.put(new SubtaskId(task.setup().vertex().id(), task.setup().subtaskIndex()), state);
    if (checkpointId == FINAL_CHECKPOINT && acks.size() == running.size()) {
      running.forEach(t -> t.notifyCheckpointComplete(FINAL_CHECKPOINT, true));
    }
  }

  /** The tasks of the run now under way, which the final checkpoint goes to. */
  private void running(List<Task> tasks) {
    sourcesEnded.clear();
    acknowledged.remove(FINAL_CHECKPOINT);
    running = tasks;
  }

  /**
   * Attempt 0 of {@code graph}: checkpoint 1 once {@code progress} reached {@code beforeCheckpoint},
   * cancel once it grew by {@code afterCheckpoint} more after every task acknowledged. Returns the
   * path of the checkpoint's metadata.
   */
  String runAndFail(JobGraph graph, Path checkpointDir, IntSupplier progress, int beforeCheckpoint,
      int afterCheckpoint) throws Exception {
    return runAndFail(graph, checkpointDir, progress, beforeCheckpoint, afterCheckpoint, false);
  }

  /**
   * As above; with {@code complete}, every task is told checkpoint 1 completed before the job goes
   * on (transactional sinks commit it), as the JobManager does once the metadata is written.
   */
  String runAndFail(JobGraph graph, Path checkpointDir, IntSupplier progress, int beforeCheckpoint,
      int afterCheckpoint, boolean complete) throws Exception {
    return runAndFail(graph, checkpointDir, progress, beforeCheckpoint, afterCheckpoint, complete, 1);
  }

  /**
   * As above with {@code checkpoints} checkpoints: each but the last completed before the next is
   * taken once {@code progress} grew by {@code afterCheckpoint}, so the last one builds on the
   * earlier ones (incremental or changelog checkpoints); the job is restored from the last.
   */
  String runAndFail(JobGraph graph, Path checkpointDir, IntSupplier progress, int beforeCheckpoint,
      int afterCheckpoint, boolean complete, int checkpoints) throws Exception {
    FirstAttemptHeld.holdAll();
    try (TaskManager tm = new TaskManager("tm-0", graph.maxTaskParallelism())) {
      List<Task> tasks = TaskWiring.build(graph, jobId, 0, TaskWiring.allSubtasks(graph), null, this, tm.timers(),
          null, io.weft.worker.memory.TaskManagerResources.of(graph.configuration()).slotBudget(), s -> Map.of());
      running(tasks);
      tasks.forEach(t -> tm.deploy(t.setup().subtaskIndex(), t));
      Await.until("the job made progress before the checkpoint", TIMEOUT,
          () -> progress.getAsInt() >= beforeCheckpoint || !failures.isEmpty());
      assertEquals(Map.of(), failures, "no task failed before the checkpoint");
      for (long id = 1; id <= checkpoints; id++) {
        long checkpointId = id;
        tasks.stream().filter(t -> t.setup().vertex().isSource())
            .forEach(t -> t.triggerCheckpoint(checkpointId, checkpointId));
        Await.until("every task acknowledged checkpoint " + id, TIMEOUT,
            () -> acknowledged.getOrDefault(checkpointId, Map.of()).size() == tasks.size() || !failures.isEmpty());
        assertEquals(Map.of(), failures, "no task failed before checkpoint " + id);
        if (complete || id < checkpoints) {
          tasks.forEach(t -> t.notifyCheckpointComplete(checkpointId));
        }
        // Whatever the job makes from here on is after the checkpoint's barrier. Held sources go
        // on only now: let go at the barrier, they could use up their input before this count.
        int atCheckpoint = progress.getAsInt();
        FirstAttemptHeld.releaseStep();
        Await.until("the job made progress after checkpoint " + id, TIMEOUT,
            () -> progress.getAsInt() >= atCheckpoint + afterCheckpoint || !failures.isEmpty());
        assertEquals(Map.of(), failures, "no task failed after checkpoint " + id);
      }
      tasks.forEach(Task::cancel);
      Await.until("every task ended", TIMEOUT, () -> tasks.stream().allMatch(t -> t.state().isTerminal()));
      // A job that reached the end of its input before the failure is no failure mid-stream: its
      // sink has published everything, and the restored run would publish it again. (The sources
      // of these tests are held in their first attempt, FirstAttemptHeld, so that this cannot happen.)
      assertEquals(List.of(), tasks.stream().filter(t -> t.state() != ExecutionState.CANCELED)
          .map(t -> t.name() + " " + t.state()).toList(), "the job was failed mid-stream: every task canceled");
    }
    String metadata = writeMetadata(graph, checkpoints,
        checkpointDir.resolve(jobId).resolve("chk-" + checkpoints).resolve("_metadata"));
    failures.clear();
    return metadata;
  }

  /** What every task acknowledged for checkpoint {@code id}, as the JobManager writes it; returns its path. */
  private String writeMetadata(JobGraph graph, long id, Path metadata) throws Exception {
    List<CheckpointMetadata.SubtaskState> subtasks = new ArrayList<>();
    for (Map.Entry<SubtaskId, byte[]> e : acknowledged.get(id).entrySet()) {
      int parallelism = graph.vertices().stream().filter(v -> v.id() == e.getKey().vertexId()).findFirst()
          .orElseThrow().parallelism();
      subtasks.add(new CheckpointMetadata.SubtaskState(e.getKey().vertexId(), e.getKey().subtaskIndex(), parallelism,
          e.getValue()));
    }
    Files.createDirectories(metadata.getParent());
    try (OutputStream out = Files.newOutputStream(metadata)) {
      new CheckpointMetadata(jobId, id, id, subtasks).writeTo(out);
    }
    return metadata.toUri().toString();
  }

  /**
   * Attempt 0 of {@code graph}, stopped with savepoint 1 into {@code savepointDir} once {@code
   * progress} reached {@code beforeSavepoint}: the sources end after its barrier, every task
   * acknowledges, the savepoint completes, and every task must then finish on its own. Returns the
   * path of the savepoint's metadata.
   */
  String stopWithSavepoint(JobGraph graph, Path savepointDir, IntSupplier progress, int beforeSavepoint)
      throws Exception {
    FirstAttemptHeld.holdAll();
    try (TaskManager tm = new TaskManager("tm-0", graph.maxTaskParallelism())) {
      List<Task> tasks = TaskWiring.build(graph, jobId, 0, TaskWiring.allSubtasks(graph), null, this, tm.timers(),
          null, io.weft.worker.memory.TaskManagerResources.of(graph.configuration()).slotBudget(), s -> Map.of());
      running(tasks);
      tasks.forEach(t -> tm.deploy(t.setup().subtaskIndex(), t));
      Await.until("the job made progress before the savepoint", TIMEOUT,
          () -> progress.getAsInt() >= beforeSavepoint || !failures.isEmpty());
      assertEquals(Map.of(), failures, "no task failed before the savepoint");
      String target = savepointDir.toUri().toString();
      tasks.stream().filter(t -> t.setup().vertex().isSource()).forEach(t -> t.triggerCheckpoint(1, 1, target, true));
      Await.until("every task acknowledged savepoint 1", TIMEOUT,
          () -> acknowledged.getOrDefault(1L, Map.of()).size() == tasks.size() || !failures.isEmpty());
      assertEquals(Map.of(), failures, "no task failed before the savepoint");
      String metadata = writeMetadata(graph, 1, savepointDir.resolve("_metadata"));
      tasks.forEach(t -> t.notifyCheckpointComplete(1));
      Await.until("every task ended after the savepoint", TIMEOUT,
          () -> tasks.stream().allMatch(t -> t.state().isTerminal()));
      assertEquals(Map.of(), failures, "no task failed stopping");
      assertTrue(tasks.stream().allMatch(t -> t.state() == ExecutionState.FINISHED), "every task finished");
      return metadata;
    }
  }

  /** Attempt 1 of {@code graph} from the checkpoint at {@code metadataPath}, to its end. */
  void restoreAndFinish(JobGraph graph, String metadataPath) throws Exception {
    Map<SubtaskId, Map<Integer, OperatorRestore>> restore = CheckpointRestore.read(metadataPath, graph, false);
    try (TaskManager tm = new TaskManager("tm-1", graph.maxTaskParallelism())) {
      List<Task> tasks = TaskWiring.build(graph, jobId, 1, TaskWiring.allSubtasks(graph), null, this, tm.timers(),
          null, io.weft.worker.memory.TaskManagerResources.of(graph.configuration()).slotBudget(), s -> restore.getOrDefault(s, Map.of()));
      running(tasks);
      tasks.forEach(t -> tm.deploy(t.setup().subtaskIndex(), t));
      Await.until("the restored job ended", TIMEOUT, () -> tasks.stream().allMatch(t -> t.state().isTerminal()));
      assertEquals(Map.of(), failures, "no task of the restored job failed");
      assertTrue(tasks.stream().allMatch(t -> t.state() == ExecutionState.FINISHED), "every task finished");
    }
  }

  /** Attempt 1 of {@code graph} from the checkpoint at {@code metadataPath}, expected to fail: the first failure. */
  Throwable restoreAndFail(JobGraph graph, String metadataPath) throws Exception {
    Map<SubtaskId, Map<Integer, OperatorRestore>> restore = CheckpointRestore.read(metadataPath, graph, false);
    failures.clear();
    try (TaskManager tm = new TaskManager("tm-1", graph.maxTaskParallelism())) {
      List<Task> tasks = TaskWiring.build(graph, jobId, 1, TaskWiring.allSubtasks(graph), null, this, tm.timers(),
          null, io.weft.worker.memory.TaskManagerResources.of(graph.configuration()).slotBudget(), s -> restore.getOrDefault(s, Map.of()));
      running(tasks);
      tasks.forEach(t -> tm.deploy(t.setup().subtaskIndex(), t));
      Await.until("a task of the restored job failed", TIMEOUT, () -> !failures.isEmpty());
      tasks.forEach(Task::cancel);
      Await.until("every task ended", TIMEOUT, () -> tasks.stream().allMatch(t -> t.state().isTerminal()));
      return failures.values().iterator().next();
    }
  }
}
