package io.weft.appmaster;

import io.weft.core.config.Configuration;
import io.weft.core.plan.JobGraph;
import io.weft.core.plan.JobVertex;
import io.weft.appmaster.checkpoint.CheckpointCoordinator;
import io.weft.appmaster.web.JobActions;
import io.weft.appmaster.web.JobView;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.rpc.AcknowledgeCheckpoint;
import io.weft.core.rpc.CancelTask;
import io.weft.core.rpc.CheckpointComplete;
import io.weft.core.rpc.TriggerCheckpoint;
import io.weft.core.rpc.DeployTask;
import io.weft.core.rpc.ErrorReply;
import io.weft.core.rpc.SavepointCompleted;
import io.weft.core.rpc.TriggerSavepoint;
import io.weft.core.rpc.Heartbeat;
import io.weft.core.rpc.RegisterTaskManager;
import io.weft.core.rpc.RegistrationAccepted;
import io.weft.core.rpc.RegistrationRejected;
import io.weft.core.rpc.RpcConnection;
import io.weft.core.rpc.UpdateDelegationTokens;
import io.weft.core.rpc.RpcHandler;
import io.weft.core.rpc.RpcMessage;
import io.weft.core.rpc.Shutdown;
import io.weft.core.rpc.TaskState;
import io.weft.core.rpc.TaskStateChanged;
import io.weft.appmaster.containers.TaskManagerIndexes;
import io.weft.core.ha.HighAvailabilityOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.async.AMRMClientAsync;
import org.apache.hadoop.yarn.client.api.async.NMClientAsync;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JobManager of one job, inside the ApplicationMaster.
 *
 * <p>Life of a job:
 * <ol>
 *   <li>Placement ({@link Placement}): slot sharing, {@code ceil(maxTaskParallelism / slots)}
 *       TaskManagers; a plan whose channels would cross TaskManagers fails here (no data plane yet).</li>
 *   <li>Containers: that many requests of {@code taskmanager.memory.process.size} MB and
 *       {@code yarn.containers.vcores} vcores (-1: one per slot). Each allocated container becomes
 *       TaskManager {@code tm-<k>} and is launched with the ApplicationMaster's own files
 *       ({@link ContainerFiles}), the secret, {@code WEFT_JOBMANAGER_ADDRESS} and
 *       {@code WEFT_TASKMANAGER_ID}. Surplus containers are released.</li>
 *   <li>Registration: a TaskManager is accepted when its container id is one this JobManager
 *       launched and it has not registered before.</li>
 *   <li>Deployment, once every TaskManager registered: a {@link DeployTask} per subtask, all of a
 *       TaskManager's back to back (it starts them when the group is complete). {@code inputs}
 *       names the producing subtasks (host and data port of their TaskManager, today always the
 *       same TaskManager, data port 0: in-JVM channels).</li>
 *   <li>Tracking: {@link TaskStateChanged} updates the task table; progress reported to YARN on
 *       every allocate heartbeat is the fraction of subtasks FINISHED.</li>
 *   <li>Failures: a subtask FAILED, or a TaskManager lost (container ended, connection closed,
 *       silent for {@value #HEARTBEAT_TIMEOUT_MILLIS} ms: its container is released, a replacement
 *       requested, the cause with YARN's exit status recorded), restarts the job from its latest
 *       checkpoint as the {@link RestartStrategy} allows, else fails it.</li>
 *   <li>Another ApplicationMaster attempt: the containers YARN kept are expected to register again
 *       within {@code yarn.taskmanager.reconnect-timeout}, else replaced; the job resumes from the
 *       latest checkpoint of any attempt.</li>
 *   <li>End: all FINISHED: Shutdown to the TaskManagers, final status SUCCEEDED. Failed for good:
 *       CancelTask to every other subtask, Shutdown, FAILED with the task's and operator's failure
 *       in the diagnostics. The caller ({@link ApplicationMasterMain}) unregisters and deletes the
 *       staging directory.</li>
 * </ol>
 * All state changes run on one event thread; RPC, AMRM and NM callbacks only post to it.
 */
public final class JobManager implements RpcHandler, JobActions {
  private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);
  /** A registered TaskManager silent for this long (it heartbeats every 5 s) fails the job. */
  static final long HEARTBEAT_TIMEOUT_MILLIS = 30_000;

  /** How the job ended. */
  public record Outcome(FinalApplicationStatus status, String diagnostics) {}

  private final ApplicationAttemptId attemptId;
  private final String jobId;
  private final JobGraph graph;
  private final Placement placement;
  private final Configuration conf;
  private final YarnConfiguration yarnConf;
  private final long clientStartMillis;
  private final ExecutorService events = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "weft-jobmanager");
    t.setDaemon(true);
    return t;
  });
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "weft-jobmanager-timer");
    t.setDaemon(true);
    return t;
  });
  private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
  private final Map<ContainerId, TaskManagerInfo> taskManagers = new LinkedHashMap<>();
  private volatile UpdateDelegationTokens latestTokens;
  private final Map<TaskKey, TaskState> taskStates = new LinkedHashMap<>();
  private final Map<TaskKey, Boolean> reachedRunning = new HashMap<>();
  /** The job's progress and latest failures, as the web UI and YARN see them. */
  private final JobProgress progress;
  private final long startMillis = System.currentTimeMillis();
  /** The last snapshot the web server got, answered if the event thread is busy for too long. */
  private volatile JobView lastView;
  private volatile String state = "CREATED";
  private volatile long allRunningAtMillis = -1;
  /** Whether the current execution attempt's tasks were sent to the TaskManagers. */
  private boolean deployed;
  /** Whether a deployment may go out once every TaskManager is registered (false during a restart's delay). */
  private boolean readyToDeploy = true;
  private final TaskManagerContainers containers;
  private final Duration reconnectTimeout;
  /** Why TaskManagers were lost, for the logs, the status page and the application's diagnostics. */
  private final List<String> lostTaskManagers = new ArrayList<>();
  private boolean stopping;
  /** Takes savepoints, and checkpoints when they are on. */
  private final CheckpointCoordinator checkpoints;
  private final RestartStrategy restarts;
  /** What each deployment sends and restores. */
  private final Deployments deployments;
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
  /** The savepoint a stop-with-savepoint completed, or null. */
  private String stoppedWithSavepoint;
  private final ExecutorService checkpointIo = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "weft-checkpoint-io");
    t.setDaemon(true);
    return t;
  });

  public JobManager(ApplicationAttemptId attemptId, JobGraph graph, Placement placement, Configuration conf,
      YarnConfiguration yarnConf, String stagingDir, String secret, String jobManagerAddress, long clientStartMillis) {
    this.attemptId = attemptId;
    this.jobId = ApplicationMasterMain.jobId(attemptId.getApplicationId());
    this.graph = graph;
    this.placement = placement;
    this.conf = conf;
    this.yarnConf = yarnConf;
    this.clientStartMillis = clientStartMillis;
    this.progress = new JobProgress(graph, taskStates);
    List<CheckpointCoordinator.Participant> participants = new ArrayList<>();
    for (JobVertex v : graph.vertices()) {
      for (int i = 0; i < v.parallelism(); i++) {
        taskStates.put(new TaskKey(v.id(), i), TaskState.DEPLOYING);
        participants.add(new CheckpointCoordinator.Participant(v.id(), i, v.parallelism()));
      }
    }
    this.checkpoints = coordinator(participants);
    this.restarts = RestartStrategy.of(conf);
    this.deployments = new Deployments(attemptId, jobId, graph, placement, conf, yarnConf, checkpoints,
        this::taskManagerAtOrNull);
    this.attempt = firstExecutionAttempt(attemptId);
    this.containers = new TaskManagerContainers(this, attemptId, placement, conf, yarnConf, stagingDir, secret,
        jobManagerAddress);
    this.reconnectTimeout = conf.get(HighAvailabilityOptions.RECONNECT_TIMEOUT);
  }

  /** Execution attempts of ApplicationMaster attempt k start at (k - 1) * 2^20. */
  static int firstExecutionAttempt(ApplicationAttemptId attemptId) {
    return (attemptId.getAttemptId() - 1) << 20;
  }

  /** Periodic checkpoints to {@code state.checkpoints.dir} when an interval is set, else savepoints only. */
  private CheckpointCoordinator coordinator(List<CheckpointCoordinator.Participant> participants) {
    Path path = null;
    FileSystem fs;
    if (CheckpointOptions.enabledIn(conf)) {
      String dir = conf.get(CheckpointOptions.DIRECTORY);
      if (dir == null || dir.isBlank()) {
        throw new IllegalArgumentException(CheckpointOptions.INTERVAL.key() + " is set but "
            + CheckpointOptions.DIRECTORY.key() + " is not: say where checkpoints go (e.g. hdfs:///weft/checkpoints)");
      }
      path = new Path(dir);
      try {
        fs = path.getFileSystem(yarnConf);
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("cannot use " + CheckpointOptions.DIRECTORY.key() + " " + dir + ": " + e, e);
      }
    } else {
      try {
        fs = FileSystem.get(yarnConf);
      } catch (java.io.IOException e) {
        throw new IllegalStateException("cannot open the default FileSystem for savepoints: " + e, e);
      }
    }
    return new CheckpointCoordinator(jobId, conf, fs, path, participants, new CheckpointCoordinator.Actions() {
      @Override
      public void trigger(long checkpointId, long timestamp, String savepointPath, boolean stop) {
        sendToTaskManagers(new TriggerCheckpoint(jobId, checkpointId, timestamp, savepointPath, stop));
      }

      @Override
      public void completed(long checkpointId) {
        sendToTaskManagers(new CheckpointComplete(jobId, checkpointId));
      }

      @Override
      public void failJob(String reason) {
        JobManager.this.failJob(reason);
      }
    }, timer, this::post, checkpointIo);
  }

  /** The latest delegation tokens (security.TokenRenewal): to every TaskManager now, and to each that registers. */
  public void distributeTokens(UpdateDelegationTokens tokens) {
    latestTokens = tokens;
    post(() -> sendToTaskManagers(tokens));
  }

  private void sendToTaskManagers(RpcMessage message) {
    for (TaskManagerInfo tm : taskManagers.values()) {
      if (tm.connection != null) {
        tm.connection.send(message);
      }
    }
  }

  public String jobId() {
    return jobId;
  }

  /**
   * Requests the TaskManager containers; the job then runs on its own. The containers' files are
   * listed while YARN allocates (a launch waits for that list).
   */
  public void start(AMRMClientAsync<ContainerRequest> amrm, NMClientAsync nm, List<Container> fromPreviousAttempts)
      throws Exception {
    deployments.checkInitialState();
    Resource resource = containers.use(amrm, nm);
    int n = placement.numTaskManagers();
    int toRequest = Math.max(0, n - fromPreviousAttempts.size());
    LOG.info("[{}] Job '{}' ({}) needs {} TaskManager(s) with {} slots; {} kept from earlier attempts, requesting {}"
        + " containers of {}", attemptId, graph.jobName(), jobId, n, placement.slots(), fromPreviousAttempts.size(),
        toRequest, resource);
    state = "SCHEDULED";
    timer.scheduleWithFixedDelay(() -> post(this::checkHeartbeats), 5, 5, TimeUnit.SECONDS);
    post(() -> {
      for (Container c : fromPreviousAttempts) {
        TaskManagerInfo tm = new TaskManagerInfo(null, -1, c);
        tm.previous = true;
        taskManagers.put(c.getId(), tm);
        LOG.info("[{}] Waiting up to {} s for the TaskManager in container {} on {} (kept from an earlier attempt)",
            attemptId, reconnectTimeout.toSeconds(), c.getId(), c.getNodeId());
      }
      containers.request(toRequest);
    });
    if (!fromPreviousAttempts.isEmpty()) {
      timer.schedule(() -> post(this::replaceSilentPreviousTaskManagers), reconnectTimeout.toMillis(),
          TimeUnit.MILLISECONDS);
    }
    containers.listFiles();
  }

  private void checkHeartbeats() {
    long now = System.currentTimeMillis();
    for (TaskManagerInfo tm : taskManagers.values()) {
      RpcConnection c = tm.connection;
      if (c != null && now - c.lastReceivedMillis() > HEARTBEAT_TIMEOUT_MILLIS) {
        taskManagerLost(tm, "not heard from for " + (now - c.lastReceivedMillis()) / 1000 + " s");
        return;
      }
    }
  }

  public CompletableFuture<Outcome> outcome() {
    return outcome;
  }

  /** Fails the job from outside the event thread (e.g. a startup error). */
  public void fail(String message) {
    post(() -> failJob(message));
  }

  // ---- status, for the tracking page and YARN ----

  public float progress() {
    return progress.value();
  }

  /**
   * What the web UI shows of the job now: a snapshot taken on the event thread. If that thread does
   * not answer within 5 s, the previous snapshot.
   */
  public JobView view() {
    CompletableFuture<JobView> view = new CompletableFuture<>();
    post(() -> view.complete(buildView()));
    try {
      JobView v = view.get(5, TimeUnit.SECONDS);
      lastView = v;
      return v;
    } catch (Exception e) {
      JobView last = lastView;
      return last != null ? last : JobView.placeholder(attemptId.getApplicationId().toString(),
          attemptId.getAttemptId(), state, conf.toMap());
    }
  }

  private JobView buildView() {
    List<JobView.Subtask> subtasks = new ArrayList<>();
    taskStates.forEach((key, taskState) -> subtasks.add(new JobView.Subtask(key.vertexId(), key.subtask(),
        taskState.name(), taskManagerName(placement.taskManagerOf(key.subtask())), progress.metricsOf(key))));
    List<JobView.TaskManager> tms = new ArrayList<>();
    for (TaskManagerInfo tm : taskManagers.values()) {
      tms.add(new JobView.TaskManager(tm.id, new JobView.Container(tm.container.getId().toString(),
          tm.container.getNodeId().getHost(), String.valueOf(tm.container.getNodeHttpAddress())), placement.slots(),
          tm.connection != null, tm.completed));
    }
    long now = System.currentTimeMillis();
    return new JobView(attemptId.getApplicationId().toString(), attemptId.getAttemptId(), jobId, graph.jobName(), state,
        progress.value(), startMillis, now,
        allRunningAtMillis < 0 ? -1 : allRunningAfterMillis(),
        attempt, restartCount, placement.slots(), "", new JobView.Container("", "", ""), JobView.vertices(graph),
        JobView.edges(graph), subtasks, tms,
        CheckpointOptions.enabledIn(conf) ? conf.get(CheckpointOptions.INTERVAL).toMillis() : 0,
        checkpoints.history().entries(), checkpoints.history().completedCount(),
        checkpoints.history().failedCount(), progress.failures(),
        JobView.redacted(conf.toMap()));
  }

  // ---- actions of the REST API ----

  @Override
  public void cancel(String reason) {
    post(() -> {
      if (stopping) {
        return;
      }
      LOG.warn("[{}] Job '{}' ({}) {}", attemptId, graph.jobName(), jobId, reason);
      state = "CANCELED";
      cancelRunningTasks();
      complete(new Outcome(FinalApplicationStatus.KILLED, "Job '" + graph.jobName() + "' (" + jobId + ") was "
          + reason), "the job was canceled");
    });
  }

  private String taskName(TaskKey key) {
    JobVertex v = graph.vertex(key.vertexId());
    return v.name() + " (" + (key.subtask() + 1) + "/" + v.parallelism() + ")";
  }

  // ---- YARN: what the AMRM and NM clients report becomes events of this JobManager ----

  /** The callbacks of the AMRM client. */
  public AMRMClientAsync.AbstractCallbackHandler resourceManagerCallbacks() {
    return containers.resourceManagerCallbacks();
  }

  /** The callbacks of the NM client. */
  public NMClientAsync.AbstractCallbackHandler nodeManagerCallbacks() {
    return containers.nodeManagerCallbacks();
  }

  /** A TaskManager is being launched in an allocated container: only such a container may register. */
  void launched(TaskManagerInfo tm) {
    taskManagers.put(tm.container.getId(), tm);
  }

  TaskManagerInfo taskManagerIn(ContainerId container) {
    return taskManagers.get(container);
  }

  /** Whether the job is ending: a container allocated now is surplus, one that ends is no loss. */
  boolean stopping() {
    return stopping;
  }

  /** Records why a TaskManager was lost, for the application's diagnostics. */
  void noteLoss(String what) {
    lostTaskManagers.add(what);
  }

  // ---- RPC from TaskManagers ----

  @Override
  public void onRequest(RpcConnection connection, long correlationId, RpcMessage request) {
    if (request instanceof RegisterTaskManager register) {
      post(() -> connection.reply(correlationId, register(connection, register)));
    } else if (request instanceof TriggerSavepoint savepoint) {
      LOG.info("[{}] {} asks for a savepoint of job {} to {}{}", attemptId, connection, jobId,
          savepoint.targetDirectory(), savepoint.stop() ? " and to stop the job" : "");
      savepoint(savepoint.targetDirectory(), savepoint.stop()).whenComplete((path, failure) ->
          connection.reply(correlationId, failure == null ? new SavepointCompleted(path)
              : new ErrorReply(correlationId, describe(failure))));
    } else {
      RpcHandler.super.onRequest(connection, correlationId, request);
    }
  }

  @Override
  public void onMessage(RpcConnection connection, RpcMessage message) {
    if (message instanceof TaskStateChanged changed) {
      post(() -> taskStateChanged(changed));
    } else if (message instanceof AcknowledgeCheckpoint ack) {
      post(() -> checkpoints.acknowledge(Integer.parseInt(ack.vertexId()), ack.subtaskIndex(), ack.checkpointId(),
          ack.state(), ack.stateSizeBytes(), ack.alignmentMillis()));
    } else if (message instanceof Heartbeat heartbeat) {
      // Liveness is lastReceivedMillis; states come with TaskStateChanged; here only the counters.
      post(() -> progress.recordMetrics(heartbeat, allRunningAtMillis));
    } else {
      LOG.warn("[{}] Ignoring unexpected {} from {}", attemptId, message, connection);
    }
  }

  @Override
  public void onClosed(RpcConnection connection, Throwable cause) {
    post(() -> {
      for (TaskManagerInfo tm : taskManagers.values()) {
        if (tm.connection == connection) {
          tm.connection = null;
          tm.completed = tm.completed || stopping;
          if (!stopping) {
            taskManagerLost(tm, "its connection closed" + (cause != null ? ": " + cause.getMessage() : ""));
            break;
          }
        }
      }
      maybeCompleteStop();
    });
  }

  /**
   * Takes a savepoint of the running job into a new directory under {@code targetDirectory} (null or
   * blank: {@code state.savepoints.dir}); with
   * {@code stop} the job then finishes (SUCCEEDED), its sinks having committed what the savepoint
   * covers. Any thread. The future answers the savepoint's directory, or fails with why there is none;
   * a failed stop-with-savepoint restarts the job, whose sources had stopped reading.
   */
  @Override
  public CompletableFuture<String> savepoint(String targetDirectory, boolean stop) {
    CompletableFuture<String> result = new CompletableFuture<>();
    post(() -> {
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
      checkpoints.triggerSavepoint(target, stop).whenComplete((path, failure) -> post(() -> {
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
    });
    return result;
  }

  private static String describe(Throwable t) {
    Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    return cause.getMessage() != null ? cause.getMessage() : cause.toString();
  }

  private RpcMessage register(RpcConnection connection, RegisterTaskManager register) {
    TaskManagerInfo tm = null;
    for (TaskManagerInfo candidate : taskManagers.values()) {
      if (candidate.container.getId().toString().equals(register.containerId())) {
        tm = candidate;
      }
    }
    if (tm != null && tm.previous && tm.index < 0 && tm.connection == null && !stopping) {
      int index = TaskManagerIndexes.forReconnecting(register.taskManagerId(), placement.numTaskManagers(),
          takenIndexes());
      if (index < 0) {
        LOG.info("[{}] Releasing container {} of an earlier attempt: the job needs no more TaskManagers", attemptId,
            tm.container.getId());
        taskManagers.remove(tm.container.getId());
        containers.release(tm.container.getId());
        return new RegistrationRejected("the job needs no more TaskManagers");
      }
      tm.index = index;
      tm.id = register.taskManagerId();
      LOG.info("[{}] TaskManager {} of an earlier attempt reconnected (container {}); it takes position {}",
          attemptId, tm.id, tm.container.getId(), index);
    }
    if (tm == null || !tm.id.equals(register.taskManagerId())) {
      LOG.warn("[{}] Rejecting TaskManager {} from unknown container {}", attemptId, register.taskManagerId(),
          register.containerId());
      return new RegistrationRejected("container " + register.containerId() + " was not started by this JobManager");
    }
    if (tm.connection != null) {
      return new RegistrationRejected("TaskManager " + tm.id + " is already registered");
    }
    if (stopping) {
      return new RegistrationRejected("the job is ending");
    }
    if (register.numSlots() < placement.slots()) {
      failJob("TaskManager " + tm.id + " offers " + register.numSlots() + " slots, but the job was placed on "
          + placement.slots());
      return new RegistrationRejected("too few slots");
    }
    tm.connection = connection;
    if (latestTokens != null) {
      connection.send(latestTokens); // one kept from an earlier attempt has older tokens than its launch context
    }
    tm.dataHost = register.host();
    tm.dataPort = register.dataPort();
    connection.setPeerName(tm.id);
    LOG.info("[{}] TaskManager {} registered from {} ({} slots, container {})", attemptId, tm.id,
        connection.remoteAddress(), register.numSlots(), register.containerId());
    post(this::deployIfReady);
    return new RegistrationAccepted("jm-" + attemptId, attemptId.getAttemptId());
  }

  /** Deploys the current execution attempt once its restart delay passed and every TaskManager registered. */
  private void deployIfReady() {
    if (deployed || !readyToDeploy || restarting || stopping) {
      return;
    }
    long registered = taskManagers.values().stream().filter(tm -> tm.index >= 0 && tm.connection != null).count();
    if (registered < placement.numTaskManagers()) {
      return;
    }
    deployed = true;
    String checkpoint = deployments.restorePoint();
    LOG.info("[{}] Deploying execution attempt {} of job {} {}", attemptId, attempt, jobId,
        checkpoint.isEmpty() ? "from the start (no checkpoint)" : "from checkpoint " + checkpoint);
    deployAll(checkpoint);
  }

  /** The containers of the previous attempt that did not register in time are released and replaced. */
  private void replaceSilentPreviousTaskManagers() {
    if (stopping) {
      return;
    }
    for (TaskManagerInfo tm : new ArrayList<>(taskManagers.values())) {
      if (tm.previous && tm.index < 0) {
        LOG.warn("[{}] The TaskManager in container {} (earlier attempt) did not register within {} s; releasing it"
            + " and requesting a new container", attemptId, tm.container.getId(), reconnectTimeout.toSeconds());
        taskManagers.remove(tm.container.getId());
        containers.release(tm.container.getId());
        containers.request(1);
      }
    }
  }

  List<Integer> takenIndexes() {
    return taskManagers.values().stream().map(tm -> tm.index).filter(i -> i >= 0).toList();
  }

  private String taskManagerName(int index) {
    TaskManagerInfo tm = taskManagerAtOrNull(index);
    return tm != null ? tm.id : "tm-" + index;
  }

  /**
   * A TaskManager is gone (its container ended, its connection closed, or it went silent): its
   * container is released and replaced, the cause recorded, its node counted towards the
   * blacklist, and a deployed job restarts from its latest checkpoint through the restart strategy.
   */
  void taskManagerLost(TaskManagerInfo tm, String cause) {
    if (stopping || taskManagers.remove(tm.container.getId()) == null) {
      return;
    }
    String host = tm.container.getNodeId().getHost();
    String what = "TaskManager " + tm.id + " (container " + tm.container.getId() + " on " + tm.container.getNodeId()
        + ", application attempt " + attemptId.getAttemptId() + ")";
    LOG.warn("[{}] Lost {}: {}; requesting a replacement container", attemptId, what, cause);
    lostTaskManagers.add(what + ": " + cause);
    progress.recordFailure(what, "lost: " + cause);
    if (!tm.completed) {
      containers.releaseLost(tm);
    }
    if (tm.connection != null) {
      RpcConnection c = tm.connection;
      tm.connection = null;
      c.close();
    }
    containers.countFailureOn(host);
    containers.request(1);
    if (!deployed || tm.index < 0) {
      return; // nothing of the current execution attempt ran there; the deployment waits for the replacement
    }
    for (Map.Entry<TaskKey, TaskState> e : taskStates.entrySet()) {
      if (placement.taskManagerOf(e.getKey().subtask()) == tm.index && !e.getValue().isTerminal()) {
        e.setValue(TaskState.CANCELED);
      }
    }
    taskFailed("Lost " + what + ": " + cause);
  }

  /** Sends every subtask of the current attempt to its TaskManager, restoring {@code checkpoint} if not empty. */
  private void deployAll(String checkpoint) {
    state = "DEPLOYING";
    String fingerprint = graph.fingerprint();
    for (TaskManagerInfo tm : taskManagers.values()) {
      for (JobVertex v : graph.vertices()) {
        for (int i = 0; i < v.parallelism(); i++) {
          if (placement.taskManagerOf(i) != tm.index) {
            continue;
          }
          DeployTask deploy = deployments.task(v, i, attempt, fingerprint, checkpoint);
          LOG.info("[{}] Deploying {} of job {} to {} slot {}", attemptId, taskName(new TaskKey(v.id(), i)), jobId,
              tm.id, placement.slotOf(i));
          tm.connection.send(deploy);
        }
      }
    }
  }

  private TaskManagerInfo taskManagerAtOrNull(int index) {
    for (TaskManagerInfo tm : taskManagers.values()) {
      if (tm.index == index) {
        return tm;
      }
    }
    return null;
  }

  private void taskStateChanged(TaskStateChanged changed) {
    TaskKey key;
    try {
      key = new TaskKey(Integer.parseInt(changed.vertexId()), changed.subtaskIndex());
    } catch (NumberFormatException e) {
      LOG.warn("[{}] State change for unknown vertex {}", attemptId, changed.vertexId());
      return;
    }
    if (!taskStates.containsKey(key)) {
      LOG.warn("[{}] State change for unknown subtask {}", attemptId, key);
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
        LOG.info("[{}] All {} tasks of job {} RUNNING, {} ms after {} started", attemptId, taskStates.size(),
            jobId, allRunningAfterMillis(), runningSince());
        checkpoints.start();
      }
    }
    if (changed.state() == TaskState.FINISHED) {
      // A finished task takes part in no more checkpoints, so none could complete until a
      // restart deploys it again (which resumes checkpointing).
      checkpoints.abortPending(taskName(key) + " finished");
      checkpoints.pause();
    }
    long finished = taskStates.values().stream().filter(s -> s == TaskState.FINISHED).count();
    progress.update(allRunningAtMillis);
    if (changed.state() == TaskState.FAILED) {
      progress.recordFailure(taskName(key), changed.failureMessage());
      String reason = JobProgress.withoutStackTrace(changed.failureMessage());
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
      complete(new Outcome(FinalApplicationStatus.SUCCEEDED, "Job '" + graph.jobName() + "' (" + jobId
          + (stoppedWithSavepoint != null ? ") stopped with savepoint " + stoppedWithSavepoint : ") finished")
          + " in application attempt " + attemptId.getAttemptId() + "; " + runningNote() + lostNote()),
          "the job finished");
    }
  }

  /** Restarts the job if the restart strategy allows, else fails it. */
  private void taskFailed(String reason) {
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
    for (Map.Entry<TaskKey, TaskState> e : taskStates.entrySet()) {
      if (!e.getValue().isTerminal()) {
        cancel(e.getKey());
      }
    }
    redeployWhenAllEnded();
  }

  private void cancel(TaskKey key) {
    TaskManagerInfo tm = taskManagerAtOrNull(placement.taskManagerOf(key.subtask()));
    if (tm != null && tm.connection != null) {
      tm.connection.send(new CancelTask(jobId, String.valueOf(key.vertexId()), key.subtask()));
    }
  }

  /** Once every task of the failed attempt has ended, deploys the next attempt from the latest checkpoint. */
  private void redeployWhenAllEnded() {
    if (!restarting || stopping || taskStates.values().stream().anyMatch(s -> !s.isTerminal())) {
      return;
    }
    restarting = false;
    attempt++;
    restartCount++;
    taskStates.replaceAll((k, v) -> TaskState.DEPLOYING);
    reachedRunning.clear();
    progress.clearMetrics();
    allRunning = false;
    deployed = false;
    readyToDeploy = false;
    timer.schedule(() -> post(() -> {
      readyToDeploy = true;
      deployIfReady(); // or, when a TaskManager is being replaced, once it registered
    }), restarts.delayMillis(), TimeUnit.MILLISECONDS);
  }

  private String lostNote() {
    return lostTaskManagers.isEmpty() ? "" : "; lost TaskManagers: " + String.join("; ", lostTaskManagers);
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

  void failJob(String message) {
    if (stopping) {
      return;
    }
    LOG.error("[{}] Job '{}' ({}) failed: {}", attemptId, graph.jobName(), jobId, message);
    state = "FAILED";
    progress.recordFailure("job " + jobId, message);
    cancelRunningTasks();
    complete(new Outcome(FinalApplicationStatus.FAILED, "Job '" + graph.jobName() + "' (" + jobId
        + ") failed in application attempt " + attemptId.getAttemptId() + ": " + message + lostNote()),
        "the job failed");
  }

  private void cancelRunningTasks() {
    for (Map.Entry<TaskKey, TaskState> e : taskStates.entrySet()) {
      if (!e.getValue().isTerminal()) {
        cancel(e.getKey());
      }
    }
  }

  private Outcome pendingOutcome;

  /** Tells every TaskManager to shut down and completes the outcome once they are gone (at most 10 s). */
  private void complete(Outcome result, String reason) {
    stopping = true;
    checkpoints.stop();
    pendingOutcome = result;
    sendToTaskManagers(new Shutdown(reason));
    maybeCompleteStop();
    // A TaskManager that never answers must not keep the application alive.
    timer.schedule(() -> post(() -> {
      if (!outcome.isDone()) {
        LOG.warn("[{}] TaskManagers did not stop within 10 s; ending anyway", attemptId);
        outcome.complete(pendingOutcome);
      }
    }), 10, TimeUnit.SECONDS);
  }

  void maybeCompleteStop() {
    if (!stopping || outcome.isDone()) {
      return;
    }
    for (TaskManagerInfo tm : taskManagers.values()) {
      if (tm.connection != null && !tm.completed) {
        return;
      }
    }
    outcome.complete(pendingOutcome);
  }

  /** Runs {@code action} on the event thread; dropped once the JobManager is closed. */
  void post(Runnable action) {
    try {
      events.execute(action);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("[{}] JobManager closed; dropping an event", attemptId);
    }
  }

  /** Stops the event thread. */
  public void close() {
    finishCheckpointIo();
    timer.shutdownNow();
    events.shutdownNow();
  }

  /**
   * Lets a checkpoint's metadata write and the retention after it finish (at most 10 s), so that
   * what stays in {@code state.checkpoints.dir} is settled before the application reports its end.
   */
  public void finishCheckpointIo() {
    try {
      // Again now that the TaskManagers are gone: an upload of a canceled task may have recreated one.
      checkpoints.deleteIncomplete("the application ended");
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("[{}] Checkpoint io already finished", attemptId);
    }
    checkpointIo.shutdown();
    try {
      if (!checkpointIo.awaitTermination(10, TimeUnit.SECONDS)) {
        checkpointIo.shutdownNow();
      }
    } catch (InterruptedException e) {
      checkpointIo.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
