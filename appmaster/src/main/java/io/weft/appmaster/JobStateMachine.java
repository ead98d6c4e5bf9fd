package io.weft.appmaster;

import io.weft.appmaster.checkpoint.CheckpointCoordinator;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.config.Configuration;
import io.weft.core.plan.JobGraph;
import io.weft.core.plan.JobVertex;
import io.weft.core.rpc.CancelTask;
import io.weft.core.rpc.DeployTask;
import io.weft.core.rpc.Shutdown;
import io.weft.core.rpc.TaskState;
import io.weft.core.rpc.TaskInputEnded;
import io.weft.core.rpc.TaskStateChanged;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.concurrent.CompletionException;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's deployment and restart state machine: deploys an execution attempt once every
 * TaskManager registered, tracks each subtask's state, restarts the job from its latest checkpoint
 * after a failure (a task FAILED, a TaskManager lost, a stop-with-savepoint that failed) as the
 * {@link RestartStrategy} allows, and ends it: SUCCEEDED when every subtask FINISHED, FAILED for good,
 * or KILLED when canceled. Where tasks go is {@link Placement}'s, what a deployment carries
 * {@link Deployments}', and which TaskManagers exist the {@link TaskManagerRegistry}'s.
 *
 * <p>States: CREATED, SCHEDULED (containers requested), DEPLOYING, RUNNING (every task ran),
 * RESTARTING, RESCALING (an in-place redeployment at another parallelism, {@link #redeployAs}, which
 * {@code rescale.Rescaler} drives), then FINISHED, FAILED or CANCELED. Event thread only, but for the volatile fields the
 * web view reads. Somewhat over 450 lines: the transitions are kept in one class so they read together.
 */
final class JobStateMachine implements TaskManagerRegistry.Listener {
  /** The JobManager's logger, so these lines keep the category they always had in the ApplicationMaster's log. */
  private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);

  private final ApplicationAttemptId attemptId;
  private final String jobId;
  /** Not final: an in-place rescale ({@link #redeployAs}) replaces it between two execution attempts. */
  private JobGraph graph;
  private final Placement placement;
  private final Configuration conf;
  private final long clientStartMillis;
  private final long startMillis = System.currentTimeMillis();
  private final EventLoop loop;
  private final TaskManagerRegistry taskManagers;
  private final CheckpointCoordinator checkpoints;
  private final RestartStrategy restarts;
  private final Deployments deployments;
  private final JobProgress progress;
  private final Map<TaskKey, TaskState> taskStates;
  private final Map<TaskKey, Boolean> reachedRunning = new HashMap<>();
  private final CompletableFuture<JobManager.Outcome> outcome = new CompletableFuture<>();
  private JobManager.Outcome pendingOutcome;
  private volatile String state = "CREATED";
  private volatile long allRunningAtMillis = -1;
  /** Whether the current execution attempt's tasks were sent to the TaskManagers. */
  private boolean deployed;
  /** Whether a deployment may go out once every TaskManager is registered (false during a restart's delay). */
  private boolean readyToDeploy = true;
  private boolean stopping;
  /**
   * The job's execution attempt (not YARN's application attempt): one more per restart, starting at
   * {@link #firstExecutionAttempt} so that a TaskManager kept from an earlier ApplicationMaster
   * attempt never mistakes a new deployment for an old one.
   */
  private int attempt;
  /** The job's restarts in this ApplicationMaster attempt (the execution attempt's number is not a count). */
  private int restartCount;
  /** A task failed and the others are being canceled before the job is deployed again. */
  private boolean restarting;
  /** Whether every task of the current attempt has been RUNNING. */
  private boolean allRunning;
  /** The in-place redeployment under way (a rescale), or null. */
  private InPlaceRedeploy redeploy;
  /** Told when the job's plan changes (a rescale): placement, deployments, checkpoints, views, surplus containers. */
  private Consumer<JobGraph> graphChanged = g -> {};
  /** The savepoint a stop-with-savepoint completed, or null. */
  private String stoppedWithSavepoint;
  /** The source subtasks of the current execution attempt that read their input's end. */
  private final Set<TaskKey> sourcesEnded = new HashSet<>();

  /**
   * @param taskStates the task table, one entry per subtask of the plan, shared with {@code progress}
   *     (which only reads it)
   */
  JobStateMachine(ApplicationAttemptId attemptId, String jobId, JobGraph graph, Placement placement, Configuration conf,
      long clientStartMillis, EventLoop loop, TaskManagerRegistry taskManagers, CheckpointCoordinator checkpoints,
      RestartStrategy restarts, Deployments deployments, JobProgress progress, Map<TaskKey, TaskState> taskStates) {
    this.attemptId = attemptId;
    this.jobId = jobId;
    this.graph = graph;
    this.placement = placement;
    this.conf = conf;
    this.clientStartMillis = clientStartMillis;
    this.loop = loop;
    this.taskManagers = taskManagers;
    this.checkpoints = checkpoints;
    this.restarts = restarts;
    this.deployments = deployments;
    this.progress = progress;
    this.taskStates = taskStates;
    this.attempt = firstExecutionAttempt(attemptId);
  }

  /**
   * An in-place redeployment at another plan (a rescale), begun at {@code startMillis} (the old
   * attempt's tasks were told to cancel): {@code done} completes with the pause (from then to every
   * task of the new attempt RUNNING, in ms) or fails with why the job went back to {@code fallback}.
   */
  record InPlaceRedeploy(JobGraph target, JobGraph fallback, long startMillis, CompletableFuture<Long> done) {}

  /** Who is told when the plan changes; once, before any event. */
  void onGraphChanged(Consumer<JobGraph> listener) {
    this.graphChanged = listener;
  }

  /** The plan the job runs now. */
  JobGraph graph() {
    return graph;
  }

  /** Why an in-place redeployment (rescale) cannot start now, or null when every task runs and nothing else is under way. */
  String whyNotRedeployable() {
    if (stopping) {
      return "job " + jobId + " is ending";
    }
    if (redeploy != null) {
      return "job " + jobId + " is already being rescaled";
    }
    if (restarting || !allRunning || !"RUNNING".equals(state)) {
      return "job " + jobId + " is " + state + ", not RUNNING: a rescale needs every task running";
    }
    return null;
  }

  /**
   * Redeploys the job as {@code target} from its latest checkpoint, in place: every task is
   * canceled, then the next execution attempt deploys at once (no restart delay, not counted as a
   * restart). If a task of that attempt fails before all run, the job goes back to {@code fallback}
   * the same way and the answer fails with why. Event thread.
   */
  CompletableFuture<Long> redeployAs(JobGraph target, JobGraph fallback, String reason) {
    String refused = whyNotRedeployable();
    if (refused != null) {
      return CompletableFuture.failedFuture(new IllegalStateException(refused));
    }
    return startRedeploy(target, fallback, reason);
  }

  private CompletableFuture<Long> startRedeploy(JobGraph target, JobGraph fallback, String reason) {
    InPlaceRedeploy r = new InPlaceRedeploy(target, fallback, System.currentTimeMillis(), new CompletableFuture<>());
    redeploy = r;
    restarting = true;
    state = "RESCALING";
    LOG.info("[{}] {}: redeploying job {} in place (attempt {} -> {})", attemptId, reason, jobId, attempt,
        attempt + 1);
    checkpoints.pause();
    cancelRunningTasks();
    redeployWhenAllEnded();
    return r.done();
  }

  /** A task of the rescaled attempt failed before every task ran: back to the plan the job ran before. */
  private boolean fellBack(String reason) {
    InPlaceRedeploy r = redeploy;
    if (r == null || r.fallback() == null || allRunning || restarting || stopping) {
      return false;
    }
    LOG.warn("[{}] The rescaled job {} failed before all its tasks ran ({}); going back to its previous"
        + " parallelism", attemptId, jobId, reason);
    r.done().completeExceptionally(new IllegalStateException(reason + "; the job went back to its previous"
        + " parallelism and keeps running"));
    startRedeploy(r.fallback(), null, "going back after a failed rescale");
    return true;
  }

  /** A task table with every subtask of the plan DEPLOYING, in the plan's order. */
  static Map<TaskKey, TaskState> newTaskTable(JobGraph graph) {
    Map<TaskKey, TaskState> table = new LinkedHashMap<>();
    for (JobVertex v : graph.vertices()) {
      for (int i = 0; i < v.parallelism(); i++) {
        table.put(new TaskKey(v.id(), i), TaskState.DEPLOYING);
      }
    }
    return table;
  }

  /** Execution attempts of ApplicationMaster attempt k start at (k - 1) * 2^20. */
  static int firstExecutionAttempt(ApplicationAttemptId attemptId) {
    return (attemptId.getAttemptId() - 1) << 20;
  }

  CompletableFuture<JobManager.Outcome> outcome() {
    return outcome;
  }

  /** The containers were requested. */
  void scheduled() {
    state = "SCHEDULED";
  }

  // ---- what the web view reads ----

  String state() {
    return state;
  }

  long startMillis() {
    return startMillis;
  }

  int executionAttempt() {
    return attempt;
  }

  int restarts() {
    return restartCount;
  }

  Map<TaskKey, TaskState> taskStates() {
    return taskStates;
  }

  /** Time from the start to every task RUNNING, -1 until then. */
  long allRunningAfterMillisOrMinusOne() {
    return allRunningAtMillis < 0 ? -1 : allRunningAfterMillis();
  }

  long allRunningAtMillis() {
    return allRunningAtMillis;
  }

  // ---- TaskManagerRegistry.Listener ----

  @Override
  public boolean stopping() {
    return stopping;
  }

  @Override
  public void taskManagerRegistered() {
    deployIfReady();
  }

  @Override
  public void taskManagerLost(int index, String what, String cause) {
    progress.recordFailure(what, "lost: " + cause);
    if (!deployed || index < 0) {
      return; // nothing of the current execution attempt ran there; the deployment waits for the replacement
    }
    for (Map.Entry<TaskKey, TaskState> e : taskStates.entrySet()) {
      if (placement.taskManagerOf(e.getKey().subtask()) == index && !e.getValue().isTerminal()) {
        e.setValue(TaskState.CANCELED);
      }
    }
    taskFailed("Lost " + what + ": " + cause);
  }

  @Override
  public void taskManagerExplained(String explanation) {
    progress.recordFailure("TaskManager", explanation);
  }

  @Override
  public float progress() {
    return progress.value();
  }

  // ---- deployment ----

  /** Deploys the current execution attempt once its restart delay passed and every TaskManager registered. */
  private void deployIfReady() {
    if (deployed || !readyToDeploy || restarting || stopping || !taskManagers.allRegistered()) {
      return;
    }
    deployed = true;
    String checkpoint = deployments.restorePoint();
    LOG.info("[{}] Deploying execution attempt {} of job {} {}", attemptId, attempt, jobId,
        checkpoint.isEmpty() ? "from the start (no checkpoint)" : "from checkpoint " + checkpoint);
    deployAll(checkpoint);
  }

  /** Sends every subtask of the current attempt to its TaskManager, restoring {@code checkpoint} if not empty. */
  private void deployAll(String checkpoint) {
    state = "DEPLOYING";
    sourcesEnded.clear();
    checkpoints.newExecutionAttempt();
    String fingerprint = graph.fingerprint();
    // Each TaskManager gets its subtasks in plan order, as before; looked up per subtask rather than
    // visiting every subtask per TaskManager (TaskManagers x subtasks).
    for (DeployTask deploy : deployments.all(attempt, fingerprint, checkpoint)) {
      int i = deploy.subtaskIndex();
      TaskManagerInfo tm = taskManagers.taskManagerAt(placement.taskManagerOf(i));
      if (tm == null || tm.connection == null) {
        continue;
      }
      LOG.info("[{}] Deploying {} of job {} to {} slot {}", attemptId,
          taskName(new TaskKey(Integer.parseInt(deploy.vertexId()), i)), jobId, tm.id, deploy.slotIndex());
      tm.connection.send(deploy);
    }
  }

  // ---- tracking ----

  /**
   * A source subtask read its input's end and waits for the final checkpoint; once every source
   * subtask of the attempt did, the coordinator takes it (Flink's checkpoints after tasks finish).
   */
  void taskInputEnded(TaskInputEnded ended) {
    TaskKey key = knownTask(ended.vertexId(), ended.subtaskIndex(), "End of input");
    if (key == null || ended.attemptNumber() != attempt || restarting || stopping) {
      return; // of a replaced attempt, or the job is ending anyway
    }
    sourcesEnded.add(key);
    long sources = taskStates.keySet().stream().filter(k -> graph.vertex(k.vertexId()).isSource()).count();
    LOG.info("[{}] {} of job {} read the end of its input ({} of {} sources)", attemptId, taskName(key), jobId,
        sourcesEnded.size(), sources);
    if (sourcesEnded.size() == sources) {
      checkpoints.triggerFinal();
    }
  }

  /** The subtask a TaskManager's report names, or null (logged as {@code what} for an unknown one). */
  private TaskKey knownTask(String vertexId, int subtaskIndex, String what) {
    TaskKey key;
    try {
      key = new TaskKey(Integer.parseInt(vertexId), subtaskIndex);
    } catch (NumberFormatException e) {
      LOG.warn("[{}] {} for unknown vertex {}", attemptId, what, vertexId);
      return null;
    }
    if (!taskStates.containsKey(key)) {
      LOG.warn("[{}] {} for unknown subtask {}", attemptId, what, key);
      return null;
    }
    return key;
  }

  /** A subtask's new state, as its TaskManager reports it. */
  void taskStateChanged(TaskStateChanged changed) {
    TaskKey key = knownTask(changed.vertexId(), changed.subtaskIndex(), "State change");
    if (key == null) {
      return;
    }
    if (changed.attemptNumber() != attempt) {
      LOG.debug("[{}] Ignoring {} of {} from the replaced attempt {}", attemptId, changed.state(), taskName(key),
          changed.attemptNumber());
      return;
    }
    if (restarting && taskStates.get(key).isTerminal()) {
      return; // counted as ended when its TaskManager was lost
    }
    taskStates.put(key, changed.state());
    LOG.info("[{}] {} of job {} is {}", attemptId, taskName(key), jobId, changed.state());
    if (restarting && !changed.state().isTerminal()) {
      cancel(key); // deployed before the restart began, started after its CancelTask arrived
    }
    if (changed.state() == TaskState.RUNNING || changed.state() == TaskState.FINISHED) {
      reachedRunning.put(key, true);
      if (!allRunning && reachedRunning.size() == taskStates.size()) {
        allRunning = true;
        if (allRunningAtMillis < 0) {
          allRunningAtMillis = System.currentTimeMillis();
        }
        state = "RUNNING";
        progress.update(allRunningAtMillis); // shown at once, not at the next periodic update
        LOG.info("[{}] All {} tasks of job {} RUNNING, {} ms after {} started", attemptId, taskStates.size(),
            jobId, allRunningAfterMillis(), runningSince());
        checkpoints.start();
        InPlaceRedeploy r = redeploy;
        if (r != null) {
          redeploy = null;
          long pause = System.currentTimeMillis() - r.startMillis();
          // A task reports RUNNING once its operators opened, that is restored their state.
          LOG.info("[{}] Job {} runs at its new parallelism; its tasks paused {} ms (first CancelTask sent to every"
              + " task restored and RUNNING)", attemptId, jobId, pause);
          r.done().complete(pause);
        }
      }
    }
    if (changed.state() == TaskState.FINISHED) {
      // A finished task takes part in no more checkpoints, so none could complete until a
      // restart deploys it again (which resumes checkpointing).
      checkpoints.abortPending(taskName(key) + " finished");
      checkpoints.pause();
    }
    // Only a FINISHED report can finish the job: counting on every report made a deployment cost the
    // square of its subtasks. The progress is updated every second (JobManager), once all run, and at the end.
    long finished = changed.state() != TaskState.FINISHED ? -1
        : taskStates.values().stream().filter(s -> s == TaskState.FINISHED).count();
    if (finished == taskStates.size()) {
      progress.update(allRunningAtMillis);
    }
    if (changed.state() == TaskState.FAILED) {
      progress.recordFailure(taskName(key), changed.failureMessage());
      String reason = JobProgress.withoutStackTrace(changed.failureMessage());
      if (fellBack("Task " + taskName(key) + " failed: " + reason.replace(TaskStateChanged.NOT_RECOVERABLE, ""))) {
        return;
      }
      if (reason.contains(TaskStateChanged.NOT_RECOVERABLE)) {
        // Restarting would read the same state or load the same classes and fail the same way, forever.
        failJob("Task " + taskName(key) + " failed: " + reason.replace(TaskStateChanged.NOT_RECOVERABLE, "")
            + "; not restarted: a restart cannot cure this (state that is corrupt or does not fit the job, or a"
            + " class that does not load)");
      } else {
        taskFailed("Task " + taskName(key) + " failed: " + reason);
      }
    } else if (restarting) {
      redeployWhenAllEnded();
    } else if (finished == taskStates.size() && !stopping) {
      state = "FINISHED";
      complete(new JobManager.Outcome(FinalApplicationStatus.SUCCEEDED, "Job '" + graph.jobName() + "' (" + jobId
          + (stoppedWithSavepoint != null ? ") stopped with savepoint " + stoppedWithSavepoint : ") finished")
          + " in application attempt " + attemptId.getAttemptId() + "; " + runningNote() + taskManagers.lostNote()),
          "the job finished");
    }
  }

  // ---- restarts ----

  /** Restarts the job if the restart strategy allows, else fails it. */
  void taskFailed(String reason) {
    if (!restarting && fellBack(reason)) {
      return;
    }
    if (restarting) {
      redeployWhenAllEnded(); // a consequence of the first failure, which the restart already covers
      return;
    }
    if (stopping || !restarts.failed(System.currentTimeMillis())) {
      failJob(reason + ("none".equals(restarts.toString()) ? ""
          : "; the restart strategy " + restarts + " allows no more restarts"));
      return;
    }
    restarting = true;
    state = "RESTARTING";
    LOG.warn("[{}] {}; restarting job {} (attempt {} -> {}) in {} ms, restart strategy {}", attemptId, reason, jobId,
        attempt, attempt + 1, restarts.delayMillis(), restarts);
    checkpoints.pause();
    cancelRunningTasks();
    redeployWhenAllEnded();
  }

  private void cancel(TaskKey key) {
    taskManagers.sendTo(placement.taskManagerOf(key.subtask()),
        new CancelTask(jobId, String.valueOf(key.vertexId()), key.subtask()));
  }

  private void cancelRunningTasks() {
    for (Map.Entry<TaskKey, TaskState> e : taskStates.entrySet()) {
      if (!e.getValue().isTerminal()) {
        cancel(e.getKey());
      }
    }
  }

  /** Once every task of the failed attempt has ended, deploys the next attempt from the latest checkpoint. */
  private void redeployWhenAllEnded() {
    if (!restarting || stopping || taskStates.values().stream().anyMatch(s -> !s.isTerminal())) {
      return;
    }
    restarting = false;
    attempt++;
    if (redeploy != null) {
      graph = redeploy.target();
      taskStates.clear();
      taskStates.putAll(newTaskTable(graph));
      graphChanged.accept(graph);
    } else {
      restartCount++;
    }
    taskStates.replaceAll((k, v) -> TaskState.DEPLOYING);
    reachedRunning.clear();
    progress.clearMetrics();
    allRunning = false;
    deployed = false;
    readyToDeploy = false;
    loop.schedule(() -> {
      readyToDeploy = true;
      deployIfReady(); // or, when a TaskManager is being replaced, once it registered
    }, redeploy != null ? 0 : restarts.delayMillis());
  }

  // ---- savepoints ----

  /**
   * Takes a savepoint of the running job into a new directory under {@code targetDirectory} (null or
   * blank: {@code state.savepoints.dir}); with {@code stop} the job then finishes (SUCCEEDED). A failed
   * stop-with-savepoint restarts the job, whose sources had stopped reading.
   */
  void savepoint(String targetDirectory, boolean stop, CompletableFuture<String> result) {
    String target = targetDirectory != null && !targetDirectory.isBlank() ? targetDirectory
        : conf.get(CheckpointOptions.SAVEPOINT_DIRECTORY);
    if (target == null || target.isBlank()) {
      result.completeExceptionally(new IllegalArgumentException("no savepoint directory: name one (weft savepoint "
          + "<applicationId> <dir>, weft stop --savepointPath <dir>) or set "
          + CheckpointOptions.SAVEPOINT_DIRECTORY.key()));
      return;
    }
    if (!"RUNNING".equals(state) || stopping || restarting) {
      result.completeExceptionally(new IllegalStateException("job " + jobId + " is " + state
          + ", not RUNNING: a savepoint needs every task running"));
      return;
    }
    checkpoints.triggerSavepoint(target, stop).whenComplete((path, failure) -> loop.post(() -> {
      if (failure == null) {
        if (stop) {
          stoppedWithSavepoint = path;
        }
        result.complete(path);
        return;
      }
      result.completeExceptionally(failure);
      if (stop && !stopping) {
        taskFailed("stop-with-savepoint failed (" + describe(failure) + ") after the sources stopped reading");
      }
    }));
  }

  static String describe(Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    return cause.getMessage() != null ? cause.getMessage() : cause.toString();
  }

  // ---- the end ----

  /** Cancels the job (REST API): its tasks are canceled and the application ends KILLED. */
  void cancel(String reason) {
    if (stopping) {
      return;
    }
    LOG.warn("[{}] Job '{}' ({}) {}", attemptId, graph.jobName(), jobId, reason);
    state = "CANCELED";
    cancelRunningTasks();
    complete(new JobManager.Outcome(FinalApplicationStatus.KILLED, "Job '" + graph.jobName() + "' (" + jobId
        + ") was " + reason), "the job was canceled");
  }

  @Override
  public void failJob(String message) {
    if (stopping) {
      return;
    }
    LOG.error("[{}] Job '{}' ({}) failed: {}", attemptId, graph.jobName(), jobId, message);
    state = "FAILED";
    progress.recordFailure("job " + jobId, message);
    cancelRunningTasks();
    complete(new JobManager.Outcome(FinalApplicationStatus.FAILED, "Job '" + graph.jobName() + "' (" + jobId
        + ") failed in application attempt " + attemptId.getAttemptId() + ": " + message + taskManagers.lostNote()),
        "the job failed");
  }

  /** Tells every TaskManager to shut down and completes the outcome once they are gone (at most 10 s). */
  private void complete(JobManager.Outcome result, String reason) {
    stopping = true;
    checkpoints.stop();
    pendingOutcome = result;
    taskManagers.sendToAll(new Shutdown(reason));
    maybeCompleteStop();
    // A TaskManager that never answers must not keep the application alive.
    loop.schedule(() -> {
      if (!outcome.isDone()) {
        LOG.warn("[{}] TaskManagers did not stop within 10 s; ending anyway", attemptId);
        outcome.complete(pendingOutcome);
      }
    }, 10_000);
  }

  @Override
  public void maybeCompleteStop() {
    if (stopping && !outcome.isDone() && taskManagers.allGone()) {
      outcome.complete(pendingOutcome);
    }
  }

  // ---- names and notes ----

  String taskName(TaskKey key) {
    JobVertex v = graph.vertex(key.vertexId());
    return v.name() + " (" + (key.subtask() + 1) + "/" + v.parallelism() + ")";
  }

  private String runningNote() {
    return allRunningAtMillis < 0 ? "not all tasks were RUNNING at once"
        : "all " + taskStates.size() + " tasks were RUNNING " + allRunningAfterMillis() + " ms after "
            + runningSince() + " started";
  }

  /**
   * Time from the start to every task RUNNING. The first ApplicationMaster attempt measures from
   * {@code weft run}; a later one from its own start, since the time the earlier attempts ran is not
   * this attempt's (it would exceed its uptime).
   */
  private long allRunningAfterMillis() {
    long since = attemptId.getAttemptId() <= 1 ? clientStartMillis : startMillis;
    return Math.max(0, allRunningAtMillis - since);
  }

  private String runningSince() {
    return attemptId.getAttemptId() <= 1 ? "weft run" : "application attempt " + attemptId.getAttemptId();
  }
}
