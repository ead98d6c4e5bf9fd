package io.weft.appmaster;

import io.weft.appmaster.checkpoint.CheckpointCoordinator;
import io.weft.appmaster.web.JobActions;
import io.weft.appmaster.web.JobView;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.config.Configuration;
import io.weft.core.ha.HighAvailabilityOptions;
import io.weft.core.plan.JobGraph;
import io.weft.core.plan.JobVertex;
import io.weft.core.rpc.AcknowledgeCheckpoint;
import io.weft.core.rpc.CheckpointComplete;
import io.weft.core.rpc.ErrorReply;
import io.weft.core.rpc.Heartbeat;
import io.weft.core.rpc.RegisterTaskManager;
import io.weft.core.rpc.RegistrationAccepted;
import io.weft.core.rpc.RpcConnection;
import io.weft.core.rpc.UpdateDelegationTokens;
import io.weft.core.rpc.RpcHandler;
import io.weft.core.rpc.RpcMessage;
import io.weft.core.rpc.SavepointCompleted;
import io.weft.core.rpc.TaskStateChanged;
import io.weft.core.rpc.TriggerCheckpoint;
import io.weft.core.rpc.TriggerSavepoint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.async.AMRMClientAsync;
import org.apache.hadoop.yarn.client.api.async.NMClientAsync;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JobManager of one job, inside the ApplicationMaster: wires its parts together and is their
 * face to the outside (the RPC server, the AMRM and NM clients, the web server, the
 * {@link ApplicationMasterMain}).
 *
 * <ul>
 *   <li>{@link TaskManagerRegistry}: which containers may register, heartbeats (silent for
 *       {@value TaskManagerRegistry#HEARTBEAT_TIMEOUT_MILLIS} ms: lost), loss and replacement, the
 *       TaskManagers an earlier ApplicationMaster attempt left (expected within
 *       {@code yarn.taskmanager.reconnect-timeout}, else replaced).</li>
 *   <li>{@link JobStateMachine}: deployment once every TaskManager registered, the task table,
 *       restarts from the latest checkpoint through the {@link RestartStrategy}, the job's end.</li>
 *   <li>{@link TaskManagerContainers}: the YARN side (requests, launches, exit statuses, the node
 *       blacklist), reporting back through {@link ContainerEvents} only.</li>
 *   <li>{@link Deployments} (what a deployment carries: restore point, peers on other TaskManagers),
 *       {@link CheckpointCoordinator} (checkpoints and savepoints), {@link JobProgress} (counters,
 *       failures, the progress YARN shows) and {@link JobViewBuilder} (the web UI's snapshot).</li>
 * </ul>
 * All state changes run on one event thread ({@link EventLoop}); RPC, AMRM and NM callbacks only post to it.
 * Somewhat over 450 lines: it is the one face of the job to RPC, YARN and the web, kept whole so the
 * wiring reads in one place.
 */
public final class JobManager implements RpcHandler, JobActions {
  private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);

  /** How the job ended. */
  public record Outcome(FinalApplicationStatus status, String diagnostics) {}

  private final ApplicationAttemptId attemptId;
  private final String jobId;
  private final JobGraph graph;
  private final Placement placement;
  private final Configuration conf;
  private final YarnConfiguration yarnConf;
  private final EventLoop loop;
  /** The TaskManagers' metric reports; written by the RPC threads, read by the web server's. */
  private final io.weft.appmaster.metrics.MetricStore metricStore = new io.weft.appmaster.metrics.MetricStore();
  /** Why TaskManager containers wait for YARN (see PendingResources); null while none waits long. */
  private volatile String pendingResources;
  /** Whether the stop-with-savepoint being triggered drains the job (one stop at a time). */
  private volatile boolean drainOnStop;
  /** The latest delegation tokens the ApplicationMaster obtained (security.TokenRenewal), or null. */
  private volatile UpdateDelegationTokens latestTokens;
  private final ExecutorService checkpointIo = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "weft-checkpoint-io");
    t.setDaemon(true);
    return t;
  });
  /** The job's progress and latest failures, as the web UI and YARN see them. */
  private final JobProgress progress;
  /** Takes savepoints, and checkpoints when they are on. */
  private final CheckpointCoordinator checkpoints;
  private final TaskManagerRegistry taskManagers;
  private final JobStateMachine job;
  private final JobViewBuilder views;
  /** What each deployment sends and restores. */
  private final Deployments deployments;
  /** The YARN side, or null when the containers come from elsewhere (the state machine's tests). */
  private final TaskManagerContainers containers;
  /** Rescales the running job in place (weft rescale, the REST API, the web UI). */
  private final io.weft.appmaster.rescale.Rescaler rescaler;
  /** Rescales the job by itself (job.autoscaler.enabled), or null. */
  private final io.weft.appmaster.autoscale.Autoscaler autoscaler;
  /** The last snapshot the web server got, answered if the event thread is busy for too long. */
  private volatile JobView lastView;

  /**
   * @param staged the plan as submitted
   * @param graph the plan the job runs: {@code staged}, or as an earlier attempt rescaled it ({@code rescaled})
   * @param rescaled where each completed in-place rescale is recorded for later attempts
   */
  public JobManager(ApplicationAttemptId attemptId, JobGraph staged, JobGraph graph, Placement placement,
      Configuration conf, YarnConfiguration yarnConf, String stagingDir, String secret, String jobManagerAddress,
      long clientStartMillis, io.weft.appmaster.rescale.RescaledParallelism rescaled) {
    this(attemptId, staged, graph, placement, conf, yarnConf, clientStartMillis, rescaled,
        events -> new TaskManagerContainers(events, attemptId, placement, conf, yarnConf, stagingDir, secret,
            jobManagerAddress));
  }

  /**
   * With the containers {@code pool} makes from the registry's events; {@code rescaled} may be null:
   * rescales are then not recorded for later attempts.
   */
  JobManager(ApplicationAttemptId attemptId, JobGraph staged, JobGraph graph, Placement placement, Configuration conf,
      YarnConfiguration yarnConf, long clientStartMillis, io.weft.appmaster.rescale.RescaledParallelism rescaled,
      Function<ContainerEvents, ContainerPool> pool) {
    this.attemptId = attemptId;
    this.jobId = ApplicationMasterMain.jobId(attemptId.getApplicationId());
    this.graph = graph;
    this.placement = placement;
    this.conf = conf;
    this.yarnConf = yarnConf;
    this.loop = new EventLoop(attemptId);
    var taskStates = JobStateMachine.newTaskTable(graph);
    this.progress = new JobProgress(graph, taskStates);
    this.taskManagers = new TaskManagerRegistry(attemptId, placement, conf.get(HighAvailabilityOptions.RECONNECT_TIMEOUT),
        loop);
    this.checkpoints = coordinator();
    this.deployments = new Deployments(attemptId, jobId, staged, graph, placement, conf, yarnConf, checkpoints,
        taskManagers::taskManagerAt);
    this.job = new JobStateMachine(attemptId, jobId, graph, placement, conf, clientStartMillis, loop, taskManagers,
        checkpoints, RestartStrategy.of(conf), deployments, progress, taskStates);
    ContainerPool containerPool = pool.apply(taskManagers);
    this.containers = containerPool instanceof TaskManagerContainers yarn ? yarn : null;
    if (containers != null) {
      containers.reportMemoryFrom(metricStore);
    }
    taskManagers.connect(containerPool, job);
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    this.rescaler = new io.weft.appmaster.rescale.Rescaler(jobId, new JobRescaling(attemptId, staged, placement, job,
        taskManagers, checkpoints, deployments, loop, rescaled), conf, loader != null ? loader : JobManager.class.getClassLoader());
    this.views = new JobViewBuilder(attemptId, jobId, graph, placement, conf, job, taskManagers, progress, checkpoints,
        () -> pendingResources);
    this.autoscaler = conf.get(io.weft.appmaster.autoscale.AutoscalerOptions.ENABLED)
        ? new io.weft.appmaster.autoscale.Autoscaler(jobId, conf, placement.slots(), job::graph, metricStore::current,
            this::steady, this::autoscale, System::currentTimeMillis)
        : null;
  }

  /** Every task RUNNING, no restart or rescale under way: the autoscaler's metrics mean one parallelism. */
  private boolean steady() {
    return "RUNNING".equals(job.state())
        && job.taskStates().values().stream().allMatch(s -> s == io.weft.core.rpc.TaskState.RUNNING);
  }

  /** The autoscaler's rescale, by vertex id, on the event thread through the same path as weft rescale. */
  private CompletableFuture<String> autoscale(java.util.Map<Integer, Integer> byVertex) {
    java.util.Map<String, Integer> vertices = new java.util.LinkedHashMap<>();
    byVertex.forEach((id, p) -> vertices.put(String.valueOf(id), p));
    CompletableFuture<String> onLoop = new CompletableFuture<>();
    rescaler.rescale(new io.weft.appmaster.rescale.RescaleRequest(0, vertices), "the autoscaler")
        .whenComplete((summary, failure) -> loop.post(() -> {
          if (failure == null) {
            onLoop.complete(summary);
          } else {
            onLoop.completeExceptionally(failure);
          }
        }));
    return onLoop;
  }

  /** Periodic checkpoints to {@code state.checkpoints.dir} when an interval is set, else savepoints only. */
  private CheckpointCoordinator coordinator() {
    List<CheckpointCoordinator.Participant> participants = new ArrayList<>();
    for (JobVertex v : graph.vertices()) {
      for (int i = 0; i < v.parallelism(); i++) {
        participants.add(new CheckpointCoordinator.Participant(v.id(), i, v.parallelism()));
      }
    }
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
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot use " + CheckpointOptions.DIRECTORY.key() + " " + dir + ": " + e, e);
      }
    } else {
      try {
        fs = FileSystem.get(yarnConf);
      } catch (IOException e) {
        throw new IllegalStateException("cannot open the default FileSystem for savepoints: " + e, e);
      }
    }
    return new CheckpointCoordinator(jobId, conf, fs, path, participants, new CheckpointCoordinator.Actions() {
      @Override
      public void trigger(long checkpointId, long timestamp, String savepointPath, boolean stop) {
        taskManagers.sendToAll(new TriggerCheckpoint(jobId, checkpointId, timestamp, savepointPath, stop,
            stop && drainOnStop));
      }

      @Override
      public void completed(long checkpointId, boolean finalCheckpoint) {
        taskManagers.sendToAll(new CheckpointComplete(jobId, checkpointId, finalCheckpoint));
      }

      @Override
      public void failJob(String reason) {
        job.failJob(reason);
      }
    }, loop.timer(), loop::post, checkpointIo);
  }

  public String jobId() {
    return jobId;
  }

  /** The latest delegation tokens (security.TokenRenewal): to every TaskManager now, and to each that registers. */
  public void distributeTokens(UpdateDelegationTokens tokens) {
    latestTokens = tokens;
    loop.post(() -> taskManagers.sendToAll(tokens));
  }

  /**
   * Requests the TaskManager containers (those {@code early} made before the plan was read count
   * as made); the job then runs on its own. The containers' files are listed while
   * YARN allocates (a launch waits for that list).
   */
  void start(AMRMClientAsync<ContainerRequest> amrm, NMClientAsync nm, List<Container> fromPreviousAttempts,
      EarlyContainerRequests early) throws Exception {
    deployments.checkInitialState();
    Resource resource = containers.use(amrm, nm, early);
    begin(fromPreviousAttempts, "containers of " + resource, early.requested());
    containers.listFiles();
  }

  /**
   * Takes the kept containers and requests the missing ones ({@code what} describes them in the
   * log), less the {@code alreadyRequested}; withdraws those beyond what the placement needs.
   */
  void begin(List<Container> fromPreviousAttempts, String what, int alreadyRequested) {
    int n = placement.numTaskManagers();
    int toRequest = Math.max(0, n - fromPreviousAttempts.size());
    LOG.info("[{}] Job '{}' ({}) needs {} TaskManager(s) with {} slots; {} kept from earlier attempts, requesting {}"
        + " {}{}", attemptId, graph.jobName(), jobId, n, placement.slots(), fromPreviousAttempts.size(), toRequest, what,
        alreadyRequested > 0 ? " (" + alreadyRequested + " requested before the plan was read)" : "");
    job.scheduled();
    loop.every(taskManagers::checkHeartbeats, 5_000);
    // Once a second, not per heartbeat or state change: it visits every subtask (YARN reads it about as often).
    loop.every(() -> progress.update(job.allRunningAtMillis()), 1_000);
    if (autoscaler != null) {
      LOG.info("[{}] Autoscaler on for job {}: evaluating every {} ms", attemptId, jobId,
          autoscaler.evaluationIntervalMillis());
      loop.every(autoscaler::evaluate, autoscaler.evaluationIntervalMillis());
    }
    if (containers != null) {
      loop.every(() -> pendingResources = containers.pendingResources(), 1_000);
    }
    loop.post(() -> {
      taskManagers.expectFromPreviousAttempts(fromPreviousAttempts);
      if (toRequest > alreadyRequested) {
        taskManagers.request(toRequest - alreadyRequested);
      } else if (alreadyRequested > toRequest) {
        taskManagers.withdrawRequests(alreadyRequested - toRequest);
      }
    });
    if (!fromPreviousAttempts.isEmpty()) {
      loop.schedule(taskManagers::replaceSilentPreviousTaskManagers, taskManagers.reconnectTimeout().toMillis());
    }
  }

  public CompletableFuture<Outcome> outcome() {
    return job.outcome();
  }

  /** Fails the job from outside the event thread (e.g. a startup error). */
  public void fail(String message) {
    loop.post(() -> job.failJob(message));
  }

  // ---- status, for the tracking page and YARN ----

  public float progress() {
    return progress.value();
  }

  /** The TaskManagers' latest metric reports, for /metrics and the REST API. */
  public io.weft.appmaster.metrics.MetricStore metricStore() {
    return metricStore;
  }

  /**
   * What the web UI shows of the job now: a snapshot taken on the event thread. If that thread does
   * not answer within 5 s, the previous snapshot.
   */
  public JobView view() {
    CompletableFuture<JobView> view = new CompletableFuture<>();
    loop.post(() -> view.complete(views.build()));
    try {
      JobView v = view.get(5, TimeUnit.SECONDS);
      lastView = v;
      return v;
    } catch (Exception e) {
      JobView last = lastView;
      return last != null ? last : views.placeholder();
    }
  }

  // ---- actions of the REST API ----

  @Override
  public void cancel(String reason) {
    loop.post(() -> job.cancel(reason));
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
    return savepoint(targetDirectory, stop, false);
  }

  /** With {@code drain}, the stop's sources first emit the end of event time (Flink's stop --drain). */
  public CompletableFuture<String> savepoint(String targetDirectory, boolean stop, boolean drain) {
    CompletableFuture<String> result = new CompletableFuture<>();
    loop.post(() -> {
      drainOnStop = stop && drain;
      job.savepoint(targetDirectory, stop, result);
    });
    return result;
  }

  /**
   * Rescales the running job in place ({@link io.weft.appmaster.rescale.Rescaler}). Any thread. The
   * future answers a summary once every task runs at its new parallelism, or fails with why the job
   * still runs at its old one.
   */
  @Override
  public CompletableFuture<String> rescale(int parallelism, java.util.Map<String, Integer> vertices, String by) {
    CompletableFuture<String> result = new CompletableFuture<>();
    loop.post(() -> {
      try {
        rescaler.rescale(new io.weft.appmaster.rescale.RescaleRequest(parallelism, vertices), by)
            .whenComplete((summary, failure) -> {
              if (failure == null) {
                result.complete(summary);
              } else {
                result.completeExceptionally(failure);
              }
            });
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  /** The autoscaler's latest evaluation and action, or null when it is off; any thread. */
  @Override
  public io.weft.appmaster.autoscale.Autoscaler.Status scaling() {
    return autoscaler == null ? null : autoscaler.status();
  }

  // ---- YARN: what the AMRM and NM clients report goes to the registry through ContainerEvents ----

  /** The callbacks of the AMRM client. */
  public AMRMClientAsync.AbstractCallbackHandler resourceManagerCallbacks() {
    return containers.resourceManagerCallbacks();
  }

  /** The callbacks of the NM client. */
  public NMClientAsync.AbstractCallbackHandler nodeManagerCallbacks() {
    return containers.nodeManagerCallbacks();
  }

  // ---- RPC from TaskManagers ----

  @Override
  public void onRequest(RpcConnection connection, long correlationId, RpcMessage request) {
    if (request instanceof RegisterTaskManager register) {
      loop.post(() -> {
        RpcMessage answer = taskManagers.register(connection, register);
        UpdateDelegationTokens tokens = latestTokens;
        if (answer instanceof RegistrationAccepted && tokens != null) {
          connection.send(tokens); // one kept from an earlier attempt has older tokens than its launch context
        }
        connection.reply(correlationId, answer);
      });
    } else if (request instanceof TriggerSavepoint savepoint) {
      LOG.info("[{}] {} asks for a savepoint of job {} to {}{}", attemptId, connection, jobId,
          savepoint.targetDirectory(), savepoint.stop() ? (savepoint.drain() ? " and to drain and stop the job"
              : " and to stop the job") : "");
      savepoint(savepoint.targetDirectory(), savepoint.stop(), savepoint.drain()).whenComplete((path, failure) ->
          connection.reply(correlationId, failure == null ? new SavepointCompleted(path)
              : new ErrorReply(correlationId, JobStateMachine.describe(failure))));
    } else if (request instanceof io.weft.core.rpc.TriggerRescale rescale) {
      LOG.info("[{}] {} asks to rescale job {}: -p {} {}", attemptId, connection, jobId, rescale.parallelism(),
          rescale.vertices());
      rescale(rescale.parallelism(), rescale.vertices(), String.valueOf(connection)).whenComplete((summary, failure) ->
          connection.reply(correlationId, failure == null ? new io.weft.core.rpc.RescaleCompleted(summary)
              : new ErrorReply(correlationId, JobStateMachine.describe(failure))));
    } else {
      RpcHandler.super.onRequest(connection, correlationId, request);
    }
  }

  @Override
  public void onMessage(RpcConnection connection, RpcMessage message) {
    if (message instanceof TaskStateChanged changed) {
      loop.post(() -> job.taskStateChanged(changed));
    } else if (message instanceof io.weft.core.rpc.TaskInputEnded ended) {
      loop.post(() -> job.taskInputEnded(ended));
    } else if (message instanceof AcknowledgeCheckpoint ack) {
      loop.post(() -> checkpoints.acknowledge(Integer.parseInt(ack.vertexId()), ack.subtaskIndex(), ack.checkpointId(),
          ack.state(), ack.stateSizeBytes(), ack.alignmentMillis()));
    } else if (message instanceof Heartbeat heartbeat) {
      // Liveness is lastReceivedMillis; states come with TaskStateChanged; here only the counters.
      loop.post(() -> progress.recordMetrics(heartbeat));
      metricStore.accept(heartbeat);
    } else {
      LOG.warn("[{}] Ignoring unexpected {} from {}", attemptId, message, connection);
    }
  }

  @Override
  public void onClosed(RpcConnection connection, Throwable cause) {
    loop.post(() -> taskManagers.connectionClosed(connection, cause));
  }

  // ---- the end ----

  /** Stops the event thread. */
  public void close() {
    finishCheckpointIo();
    loop.close();
  }

  /**
   * Lets a checkpoint's metadata write and the retention after it finish (at most 10 s), so that
   * what stays in {@code state.checkpoints.dir} is settled before the application reports its end.
   */
  public void finishCheckpointIo() {
    try {
      // Again now that the TaskManagers are gone: an upload of a canceled task may have recreated one.
      checkpoints.deleteIncomplete("the application ended");
    } catch (RejectedExecutionException e) {
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
