package io.weft.worker.taskmanager;

import io.weft.core.security.TlsMaterial;
import io.weft.core.rpc.UpdateDelegationTokens;
import io.weft.worker.security.ExpiredTokens;
import io.weft.worker.security.TokenReceiver;
import io.weft.core.config.CoreOptions;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.config.Configuration;
import io.weft.core.plan.JobGraph;
import io.weft.core.plan.PlanFile;
import io.weft.core.rpc.AcknowledgeCheckpoint;
import io.weft.core.rpc.CancelTask;
import io.weft.core.rpc.CheckpointComplete;
import io.weft.core.rpc.TriggerCheckpoint;
import io.weft.core.rpc.DeployTask;
import io.weft.core.rpc.PeerAddresses;
import io.weft.core.rpc.Heartbeat;
import io.weft.worker.metrics.TaskManagerMetricRegistry;
import io.weft.worker.metrics.TaskMetricGroup;
import io.weft.core.rpc.RegisterTaskManager;
import io.weft.core.rpc.RegistrationAccepted;
import io.weft.core.rpc.RegistrationRejected;
import io.weft.core.rpc.RpcConnection;
import io.weft.core.rpc.RpcHandler;
import io.weft.core.rpc.RpcMessage;
import io.weft.core.rpc.RpcService;
import io.weft.core.rpc.RpcSecret;
import io.weft.core.rpc.Shutdown;
import io.weft.core.rpc.TaskState;
import io.weft.core.rpc.TaskInputEnded;
import io.weft.core.rpc.TaskStateChanged;
import io.weft.core.rpc.TaskStatus;
import io.weft.worker.task.ExecutionState;
import io.weft.worker.task.Task;
import io.weft.worker.task.FailureKinds;
import io.weft.worker.task.OperatorException;
import io.weft.worker.task.TaskListener;
import io.weft.worker.operators.OperatorRestore;
import io.weft.worker.task.TaskWiring;
import io.weft.worker.task.TaskWiring.SubtaskId;
import io.weft.dataplane.NetworkOptions;
import io.weft.dataplane.netty.TransportConfig;
import io.weft.dataplane.remote.NetworkEnvironment;
import io.weft.worker.memory.TaskManagerResources;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TaskManager side of the control plane in a YARN container: registers with the JobManager,
 * runs the subtasks it is sent, reports their states, and ends the process's work when told to or
 * when the JobManager goes away.
 *
 * <p>Protocol, as the JobManager ({@code io.weft.appmaster.JobManager}) drives it:
 * <ol>
 *   <li>Connect (authenticated with the application secret) and ask {@link RegisterTaskManager}
 *       with {@code taskmanager.numberOfTaskSlots} slots; the answer is {@link RegistrationAccepted}
 *       or {@link RegistrationRejected} (then the process ends).</li>
 *   <li>{@link DeployTask} messages (one per subtask) are collected. The plan comes from the
 *       staged {@link PlanFile} in the working directory (MAC checked with the application secret,
 *       the user's classes from job.jar; the user's main() never runs here), read while this
 *       TaskManager registers; its {@code fingerprint()} must equal each message's, otherwise the
 *       subtask is reported FAILED naming both fingerprints, as it is when the file cannot be used. Deployed
 *       subtasks start <em>together</em>, as soon as every channel of every collected subtask leads
 *       to another collected (or already running) subtask or to one the message locates in another
 *       TaskManager: the JobManager sends all deploys of a TaskManager back to back, so this is the
 *       moment the last one of a connected group arrives. Functions are copied per subtask from
 *       that plan, channels to other TaskManagers go through this one's
 *       {@link NetworkEnvironment} ({@link TaskWiring}).</li>
 *   <li>Every state change of a subtask goes to the JobManager as {@link TaskStateChanged} (the
 *       failure message names the operator); a {@link Heartbeat} with all task states goes every
 *       {@value #HEARTBEAT_MILLIS} ms.</li>
 *   <li>{@link CancelTask} cancels one subtask. {@link Shutdown}, or the connection closing (the
 *       JobManager ended, e.g. the application was killed or its ApplicationMaster died), ends
 *       {@link #awaitDisconnect()}; the caller then exits the process, or cancels every task
 *       ({@link #cancelAllTasks()}) and registers with the next attempt's JobManager. A canceled
 *       task that has not ended within {@code task.cancellation.timeout} ends the process
 *       ({@link #cancellationStuck}).</li>
 * </ol>
 * Deploys are handled on one thread of their own, never on the RPC threads.
 *
 * <p>Past 450 lines: every message above reads or changes the one table of this TaskManager's
 * tasks, and one class keeps that table's rules (who may add, who removes, under which lock) in
 * one place.
 */
public final class TaskExecutor implements RpcHandler, TaskListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskExecutor.class);
  /** Ends the process with a status; after a cancellation that did not end ({@link #cancellationStuck}). */
  private final IntConsumer halt;
  private final Duration cancellationTimeout;
  static final long HEARTBEAT_MILLIS = 5_000;
  /** How long registration waits for the warm-up; past it, the TaskManager registers cold. */
  static final long WARM_UP_WAIT_SECONDS = 120;


  private final String taskManagerId;
  private final String host;
  private final String containerId;
  private final Configuration conf;
  private final TaskManagerResources resources;
  private final int numSlots;
  private final ExecutorService deployer;
  private final ScheduledExecutorService heartbeats;
  /** Completes when the current JobManager connection ends: Shutdown, or the connection closed. */
  private volatile CompletableFuture<Disconnect> disconnected = new CompletableFuture<>();
  private boolean heartbeating;
  private final Map<String, Task> tasks = new ConcurrentHashMap<>();
  private final Map<SubtaskId, DeployTask> pending = new LinkedHashMap<>();
  private final Set<SubtaskId> started = new LinkedHashSet<>();
  /** Subtasks in other TaskManagers that ours exchange data with, at their data servers. */
  private final Map<SubtaskId, InetSocketAddress> elsewhere = new HashMap<>();
  /** The current attempt's TaskManager addresses (sent with our first deploy of it), or null before that. */
  private PeerAddresses addresses;
  /** {@link #addresses}' entries, resolved once each rather than once per peer subtask. */
  private final Map<Integer, InetSocketAddress> resolved = new HashMap<>();
  /** The job's execution attempt the pending and started subtasks belong to (0, +1 per restart). */
  private int attempt;
  /** What each subtask of the current attempt starts from: node id to state. */
  private Map<SubtaskId, Map<Integer, OperatorRestore>> restore = Map.of();
  private final Map<Task, Integer> attemptOf = new ConcurrentHashMap<>();
  private final NetworkEnvironment network;
  private volatile RpcConnection jobManager;
  private final TaskManager taskManager;
  private final TaskManagerMetricRegistry metrics;
  private final byte[] planKey;
  /** The plan as staged (read once). */
  private JobGraph plan;
  /** The plan the current attempt runs: {@link #plan}, or it rescaled in place ({@link DeployTask#rescaled()}). */
  private JobGraph graph;
  /** Done once the plan was read and the first deployment warmed up for ({@link DeployWarmUp}). */
  private final java.util.concurrent.Future<?> warmedUp;

  /**
   * Starts the TaskManager's network (buffers of the memory model's network size, and the data
   * server, authenticated with a key derived from the application secret).
   */
  public TaskExecutor(String taskManagerId, String host, String containerId, Configuration conf, RpcSecret secret,
      IntConsumer halt) throws IOException {
    this.taskManagerId = taskManagerId;
    this.halt = halt;
    this.cancellationTimeout = conf.get(CoreOptions.TASK_CANCELLATION_TIMEOUT);
    this.host = host;
    this.containerId = containerId;
    this.conf = conf;
    // The memory model, once for the process: it sizes the network and every slot's budget.
    this.resources = TaskManagerResources.of(conf, System.getenv("LOCAL_DIRS"), "TaskManager " + taskManagerId);
    this.numSlots = resources.slots();
    LOG.info("TaskManager {} resources: {}", taskManagerId, resources);
    this.deployer = Executors.newSingleThreadExecutor(r -> daemon(r, "weft-deployer"));
    this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "weft-heartbeat"));
    this.network = startNetwork(taskManagerId, conf, secret, resources);
    // Exists before registering: deploys may arrive right behind the registration's answer.
    this.taskManager = new TaskManager(taskManagerId, numSlots);
    this.planKey = PlanFile.key(secret);
    this.metrics = new TaskManagerMetricRegistry(taskManagerId, host, conf);
    metrics.measureSlotsBy(slot -> resources.slotBudget(slot).managedUsedBytes());
    // Loading the user's classes takes a moment in a fresh JVM: read the plan while this TaskManager
    // connects to the JobManager, on the thread deploys run on, and warm up for the first deployment.
    this.warmedUp = deployer.submit(this::readPlanEarly);
  }

  private void readPlanEarly() {
    try {
      plan = readPlan();
      LOG.info("Read the plan of job '{}' from {}: fingerprint {}", plan.jobName(), PlanFile.NAME,
          plan.fingerprint());
      if (DeployWarmUp.mayRestore(conf)) {
        DeployWarmUp.forRestore(System.getenv(io.weft.core.container.ContainerContract.ENV_STAGING_DIR));
      }
      DeployWarmUp.forDeployment(plan, Thread.currentThread().getContextClassLoader());
    } catch (Throwable t) {
      // A deploy tries again and reports the failure to the JobManager.
      LOG.error("Cannot read the job's plan: {}", t.toString());
    }
  }

  private static NetworkEnvironment startNetwork(String taskManagerId, Configuration conf, RpcSecret secret,
      TaskManagerResources resources) throws IOException {
    // A key of its own for the data plane, so a proof made for one protocol never counts in the other.
    byte[] key = secret.hmac("weft-dataplane-key".getBytes(StandardCharsets.UTF_8));
    TransportConfig transport = TransportConfig.of(taskManagerId, "0.0.0.0", conf.get(NetworkOptions.DATA_PORT), key)
        .withSegmentSize((int) conf.get(NetworkOptions.SEGMENT_SIZE).bytes())
        .withPartitionRequestTimeout(conf.get(NetworkOptions.PARTITION_REQUEST_TIMEOUT))
        .withEventLoopThreads(NetworkOptions.nettyThreads(conf.get(NetworkOptions.NETTY_THREADS), resources.slots()))
        .withTls(TlsMaterial.internal(conf, secret, TlsMaterial.workingDirectory()));
    return NetworkEnvironment.start(transport, resources.networkBytes(),
        conf.get(NetworkOptions.BUFFERS_PER_CHANNEL), conf.get(NetworkOptions.FLOATING_BUFFERS_PER_GATE));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * How a JobManager connection ended: {@code shutdown} when the JobManager said so (the job is
   * over), else the connection closed and a next ApplicationMaster attempt may come.
   */
  public record Disconnect(boolean shutdown, String reason) {}

  /**
   * Connects to the JobManager and registers; throws when it cannot or is refused. Called again
   * after {@link #cancelAllTasks()} to register with the next ApplicationMaster attempt's JobManager.
   *
   * @return the ApplicationMaster attempt of the JobManager that accepted this TaskManager
   */
  public synchronized int register(RpcService rpc, String jobManagerHost, int jobManagerPort) throws Exception {
    disconnected = new CompletableFuture<>();
    RpcConnection connection = rpc.newClient(this).connect(jobManagerHost, jobManagerPort).get(60, TimeUnit.SECONDS);
    connection.setPeerName("JobManager");
    awaitWarmUp();
    jobManager = connection;
    RpcMessage answer = connection.ask(new RegisterTaskManager(taskManagerId, host, network.address().getPort(), numSlots,
        containerId))
        .get(60, TimeUnit.SECONDS);
    if (answer instanceof RegistrationRejected rejected) {
      connection.close();
      throw new IllegalStateException("the JobManager refused TaskManager " + taskManagerId + ": " + rejected.reason());
    }
    RegistrationAccepted accepted = (RegistrationAccepted) answer;
    LOG.info("TaskManager {} ({} slots, container {}) registered with JobManager {} (attempt {}) at {}",
        taskManagerId, numSlots, containerId, accepted.jobManagerId(), accepted.attemptNumber(), connection);
    if (!heartbeating) {
      heartbeating = true;
      heartbeats.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT_MILLIS, HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
    }
    return accepted.attemptNumber();
  }

  /**
   * Registers only once warm: an in-place rescale that asked for this TaskManager starts its pause
   * (checkpoint, cancel, redeploy) when it registered, and its first deployment should not load the
   * job's classes then. A job's first deployment would wait for the plan on the deployer thread anyway.
   */
  private void awaitWarmUp() throws InterruptedException {
    try {
      warmedUp.get(WARM_UP_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.warn("TaskManager {} registers before its warm-up ended ({}); its first deployment may take longer",
          taskManagerId, e.toString());
    }
  }

  /** Waits until Shutdown arrives or the JobManager connection closes. */
  public Disconnect awaitDisconnect() throws InterruptedException {
    try {
      return disconnected.get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * The JobManager went away: cancels every task and waits until they ended (the next JobManager
   * restarts the job from its latest checkpoint), and forgets what was deployed.
   */
  public void cancelAllTasks() throws Exception {
    jobManager = null;
    // Behind the deploys the old JobManager sent before it went away, so none starts a task after this.
    deployer.submit(() -> {
      pending.clear();
      started.clear();
      elsewhere.clear();
      addresses = null;
      resolved.clear();
      restore = Map.of();
      tasks.clear();
    }).get();
    if (!taskManager.cancelAllAndWait(cancellationTimeout.toMillis())) {
      cancellationStuck("its tasks");
    }
    attemptOf.keySet().removeIf(t -> t.state().isTerminal());
  }

  /**
   * Flink's task cancellation watchdog ({@code task.cancellation.timeout}): a canceled task still
   * running would run beside its successor, which the next deployment starts from the same
   * checkpoint with the same files and transactional ids (a Kafka sink writer of the old execution
   * reaching its end of input aborts the open transactions under its prefix: its successor's, whose
   * records would then be lost though their checkpoint completed). So this TaskManager takes no
   * more work: it exits, and the JobManager replaces it as any lost TaskManager.
   */
  private void cancellationStuck(String what) {
    LOG.error("TaskManager {}: {} did not end within {} ms (task.cancellation.timeout) of being canceled; exiting"
        + " with status {} so that no task of an old execution runs beside its successor", taskManagerId, what,
        cancellationTimeout.toMillis(), FatalErrors.EXIT_CODE);
    halt.accept(FatalErrors.EXIT_CODE);
  }

  private void disconnected(boolean shutdown, String reason) {
    disconnected.complete(new Disconnect(shutdown, reason));
  }

  // ---- RPC, on netty threads: hand everything over ----

  @Override
  public void onMessage(RpcConnection connection, RpcMessage message) {
    if (message instanceof DeployTask deploy) {
      deployer.execute(() -> deploy(deploy));
    } else if (message instanceof CancelTask cancel) {
      Task task = tasks.get(key(cancel.vertexId(), cancel.subtaskIndex()));
      LOG.info("Canceling {} as the JobManager asked", task != null ? task.name() : cancel);
      if (task != null) {
        taskManager.cancel(task, cancellationTimeout, stuck -> cancellationStuck(stuck.name()));
      }
    } else if (message instanceof TriggerCheckpoint trigger) {
      for (Task task : tasks.values()) {
        if (task.setup().vertex().isSource() && task.setup().jobId().equals(trigger.jobId())) {
          task.triggerCheckpoint(trigger.checkpointId(), trigger.timestamp(), trigger.savepointPath(), trigger.stop(),
              trigger.drain());
        }
      }
    } else if (message instanceof CheckpointComplete complete) {
      for (Task task : tasks.values()) {
        if (task.setup().jobId().equals(complete.jobId())) {
          task.notifyCheckpointComplete(complete.checkpointId(), complete.finalCheckpoint());
        }
      }
    } else if (message instanceof Shutdown shutdown) {
      LOG.info("The JobManager asked TaskManager {} to shut down: {}", taskManagerId, shutdown.reason());
      disconnected(true, "the JobManager asked to shut down: " + shutdown.reason());
    } else if (message instanceof UpdateDelegationTokens tokens) {
      TokenReceiver.apply(taskManagerId, tokens);
    } else if (message instanceof Heartbeat) {
      // Its arrival is what counts (lastReceivedMillis).
    } else {
      LOG.warn("Ignoring unexpected {} from the JobManager", message);
    }
  }

  @Override
  public void onClosed(RpcConnection connection, Throwable cause) {
    if (connection != jobManager) {
      return; // a connection to an earlier JobManager, replaced already
    }
    if (!disconnected.isDone()) {
      LOG.warn("The connection to the JobManager closed ({})", cause != null ? cause.getMessage() : "closed here");
    }
    disconnected(false, "the connection to the JobManager closed");
  }

  // ---- deployment, on the deployer thread ----

  private void deploy(DeployTask message) {
    SubtaskId id;
    try {
      if (plan == null) {
        plan = readPlan();
      }
      if (graph == null || !graph.fingerprint().equals(message.planFingerprint())) {
        // The first deploy, or the first of an attempt after an in-place rescale: the plan at the parallelism sent.
        graph = message.rescaled().isEmpty() ? plan
            : plan.rescaled(message.rescaled(), Thread.currentThread().getContextClassLoader());
      }
      if (!graph.fingerprint().equals(message.planFingerprint())) {
        throw new IllegalStateException("the staged plan in TaskManager " + taskManagerId
            + " has fingerprint " + graph.fingerprint() + ", but the JobManager scheduled fingerprint "
            + message.planFingerprint());
      }
      id = new SubtaskId(Integer.parseInt(message.vertexId()), message.subtaskIndex());
      if (graph.vertex(id.vertexId()) == null || id.subtaskIndex() >= graph.vertex(id.vertexId()).parallelism()) {
        throw new IllegalArgumentException("the plan has no subtask " + id);
      }
    } catch (Throwable t) {
      LOG.error("Cannot deploy subtask {} of vertex {}", message.subtaskIndex(), message.vertexId(), t);
      report(message.jobId(), message.vertexId(), message.subtaskIndex(), TaskState.FAILED, describe(t));
      return;
    }
    if (message.attemptNumber() != attempt || (pending.isEmpty() && started.isEmpty())) {
      if (message.attemptNumber() < attempt) {
        LOG.warn("Ignoring a deploy of {} for attempt {}: attempt {} runs", id, message.attemptNumber(), attempt);
        return;
      }
      // A restart: the JobManager waited for every subtask of the old attempt to end.
      if (message.attemptNumber() != attempt) {
        addresses = null; // the old attempt's; the new one's comes with this message
      }
      attempt = message.attemptNumber();
      pending.clear();
      started.clear();
      elsewhere.clear();
      try {
        restore = CheckpointRestore.read(message.restoreCheckpoint(), graph,
            conf.get(CheckpointOptions.IGNORE_UNCLAIMED_STATE));
      } catch (Exception e) {
        LOG.error("Cannot read checkpoint {} to restore from", message.restoreCheckpoint(), e);
        report(message.jobId(), message.vertexId(), message.subtaskIndex(), TaskState.FAILED,
            "cannot read checkpoint " + message.restoreCheckpoint() + ": " + describe(e));
        return;
      }
    }
    try {
      addRemoteNeighbours(id, message.addresses());
    } catch (RuntimeException e) {
      LOG.error("Cannot find the peers of {} of job {}", id, message.jobId(), e);
      report(message.jobId(), message.vertexId(), message.subtaskIndex(), TaskState.FAILED, describe(e));
      return;
    }
    pending.put(id, message);
    for (SubtaskId s : pending.keySet()) {
      for (SubtaskId n : TaskWiring.neighbours(graph, s)) {
        if (!pending.containsKey(n) && !started.contains(n) && !elsewhere.containsKey(n)) {
          return; // more deploys of this group are on their way
        }
      }
    }
    startPending(message.jobId());
  }

  /**
   * Adds the subtasks {@code id} exchanges data with that run in other TaskManagers to
   * {@link #elsewhere}, with their addresses: the plan says which subtasks are connected, the
   * attempt's address table where each runs. {@code sent} is the table if this deploy carries one.
   */
  private void addRemoteNeighbours(SubtaskId id, PeerAddresses sent) {
    if (!sent.isPrevious()) {
      addresses = sent;
      resolved.clear();
    }
    if (addresses == null) {
      throw new IllegalStateException("the deploy of " + id + " refers to the TaskManager addresses of attempt "
          + attempt + ", which this TaskManager was not sent");
    }
    int home = addresses.taskManagerOf(id.subtaskIndex());
    for (SubtaskId n : TaskWiring.neighbours(graph, id)) {
      int position = addresses.taskManagerOf(n.subtaskIndex());
      if (position != home) {
        elsewhere.put(n, resolved.computeIfAbsent(position, k -> {
          PeerAddresses.DataAddress a = addresses.at(k);
          return new InetSocketAddress(a.host(), a.port());
        }));
      }
    }
  }

  private void startPending(String jobId) {
    Map<SubtaskId, DeployTask> group = new LinkedHashMap<>(pending);
    pending.clear();
    List<Task> built;
    try {
      Map<SubtaskId, Map<Integer, OperatorRestore>> state = restore;
      built = TaskWiring.build(graph, jobId, attempt, group.keySet(), Thread.currentThread().getContextClassLoader(),
          this, taskManager.timers(), new TaskWiring.Remote(network, Map.copyOf(elsewhere)),
          s -> resources.slotBudget(group.get(s).slotIndex()),
          s -> state.getOrDefault(s, Map.of()));
    } catch (Throwable t) {
      LOG.error("Cannot build the subtasks {} of job {}", group.keySet(), jobId, t);
      for (DeployTask d : group.values()) {
        report(jobId, d.vertexId(), d.subtaskIndex(), TaskState.FAILED, describe(t));
      }
      return;
    }
    List<Task> toStart = new ArrayList<>();
    for (Task t : built) {
      String key = key(String.valueOf(t.setup().vertex().id()), t.setup().subtaskIndex());
      tasks.put(key, t);
      attemptOf.put(t, attempt);
      started.add(new SubtaskId(t.setup().vertex().id(), t.setup().subtaskIndex()));
      toStart.add(t);
    }
    for (Task t : toStart) {
      DeployTask d = group.get(new SubtaskId(t.setup().vertex().id(), t.setup().subtaskIndex()));
      LOG.info("Starting {} of job {} in slot {}", t.name(), jobId, d.slotIndex());
      try {
        taskManager.deploy(d.slotIndex(), t);
      } catch (RuntimeException e) {
        report(jobId, d.vertexId(), d.subtaskIndex(), TaskState.FAILED, describe(e));
      }
    }
  }

  /** The plan the launcher staged, as YARN localized it into this container's working directory. */
  private JobGraph readPlan() throws IOException {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (InputStream in = Files.newInputStream(Path.of(PlanFile.NAME))) {
      return PlanFile.read(in, PlanFile.NAME + " of container " + containerId, planKey,
          loader != null ? loader : TaskExecutor.class.getClassLoader());
    }
  }

  // ---- task states ----

  @Override
  public void stateChanged(Task task, ExecutionState state, Throwable failure) {
    if (state == ExecutionState.FAILED) {
      LOG.error("{} of job {} failed", task.name(), task.setup().jobId(), failure);
    } else {
      LOG.info("{} of job {} is {}", task.name(), task.setup().jobId(), state);
    }
    report(task.setup().jobId(), String.valueOf(task.setup().vertex().id()), task.setup().subtaskIndex(),
        TaskState.valueOf(state.name()), failure == null ? "" : describe(failure) + TaskStateChanged.STACK_TRACE_MARKER
            + stackTrace(failure), attemptOf.getOrDefault(task, 0));
  }

  @Override
  public void inputEnded(Task task) {
    RpcConnection jm = jobManager;
    if (jm != null) {
      jm.send(new TaskInputEnded(task.setup().jobId(), String.valueOf(task.setup().vertex().id()),
          task.setup().subtaskIndex(), attemptOf.getOrDefault(task, 0)));
    }
  }

  @Override
  public void checkpointAcknowledged(Task task, long checkpointId, byte[] state, long stateSizeBytes,
      long alignmentMillis) {
    task.metricGroup().checkpointAcknowledged(checkpointId, stateSizeBytes, alignmentMillis);
    RpcConnection jm = jobManager;
    if (jm != null) {
      jm.send(new AcknowledgeCheckpoint(task.setup().jobId(), String.valueOf(task.setup().vertex().id()),
          task.setup().subtaskIndex(), checkpointId, state, stateSizeBytes, alignmentMillis));
    }
  }

  private void report(String jobId, String vertexId, int subtask, TaskState state, String failure) {
    report(jobId, vertexId, subtask, state, failure, attempt);
  }

  private void report(String jobId, String vertexId, int subtask, TaskState state, String failure, int attemptNumber) {
    RpcConnection jm = jobManager;
    if (jm != null) {
      jm.send(new TaskStateChanged(jobId, vertexId, subtask, state, failure, attemptNumber));
    }
  }

  private void heartbeat() {
    RpcConnection jm = jobManager;
    if (jm == null || !jm.isOpen()) {
      return;
    }
    List<TaskStatus> statuses = new ArrayList<>();
    for (Map.Entry<String, Task> e : tasks.entrySet()) {
      Task t = e.getValue();
      statuses.add(new TaskStatus(e.getKey(), TaskState.valueOf(t.state().name()), Math.max(0, t.recordsIn()),
          Math.max(0, t.recordsOut()), t.backPressuredNanos() / 1_000_000, (int) Math.round(100 * t.inputFill()),
          (int) Math.round(100 * t.outputFill()), permille(t.sourceProgress()), t.inputWatermark()));
    }
    jm.send(new Heartbeat(taskManagerId, System.currentTimeMillis(), statuses,
        metrics.report(tasks.values().stream().map(Task::metricGroup).toList())));
  }

  private static int permille(double fraction) {
    return fraction < 0 ? -1 : (int) Math.round(1000 * Math.min(1.0, fraction));
  }

  private static String key(String vertexId, int subtask) {
    return vertexId + "/" + subtask;
  }

  /** The failure's stack trace with its causes, for the JobManager's web UI. */
  static String stackTrace(Throwable t) {
    java.io.StringWriter text = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(text));
    return text.toString();
  }

  /**
   * The failure's message with its causes, which name the operator and the user's exception; marked
   * {@link TaskStateChanged#NOT_RECOVERABLE} when a restart cannot cure it.
   */
  static String describe(Throwable t) {
    return (FailureKinds.isRecoverable(t) ? "" : TaskStateChanged.NOT_RECOVERABLE) + ExpiredTokens.hint(t)
        + OperatorException.describe(t);
  }

  /** Cancels every task and waits for them (at most 30 s per task thread, see {@link TaskManager#close()}). */
  @Override
  public void close() {
    heartbeats.shutdownNow();
    deployer.shutdownNow();
    taskManager.close();
    network.close();
    metrics.close();
  }
}
