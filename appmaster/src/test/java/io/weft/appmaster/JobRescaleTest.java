package io.weft.appmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.source.GeneratorSource;
import io.weft.appmaster.rescale.RescaleOptions;
import io.weft.appmaster.rescale.RescaledParallelism;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.config.Configuration;
import io.weft.core.config.RestartOptions;
import io.weft.core.plan.JobGraph;
import io.weft.core.rpc.AcknowledgeCheckpoint;
import io.weft.core.rpc.CancelTask;
import io.weft.core.rpc.DeployTask;
import io.weft.core.rpc.RegisterTaskManager;
import io.weft.core.rpc.RegistrationAccepted;
import io.weft.core.rpc.RpcClient;
import io.weft.core.rpc.RpcConnection;
import io.weft.core.rpc.RpcHandler;
import io.weft.core.rpc.RpcMessage;
import io.weft.core.rpc.RpcSecret;
import io.weft.core.rpc.RpcServer;
import io.weft.core.rpc.RpcService;
import io.weft.core.rpc.Shutdown;
import io.weft.core.rpc.TaskState;
import io.weft.core.rpc.TaskStateChanged;
import io.weft.core.rpc.TriggerCheckpoint;
import io.weft.core.types.TypeInfo;
import io.weft.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-place rescale's transitions, without YARN: the JobManager with a real checkpoint
 * coordinator (checkpoints to a temporary directory), real RPC over loopback to TaskManagers played
 * by the test, and a {@link ContainerPool} that records what the job asks of the cluster. Each
 * TaskManager has one slot, so subtask i of every task runs on TaskManager i.
 */
class JobRescaleTest {
  private static final ApplicationAttemptId ATTEMPT =
      ApplicationAttemptId.newInstance(ApplicationId.newInstance(1, 1), 1);
  private static final String JOB_ID = "job_1_0001";
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path checkpointDir;

  private final RecordingPool pool = new RecordingPool();
  private final List<FakeTaskManager> fakes = new ArrayList<>();
  private RpcService rpc;
  private RpcServer server;
  private JobManager jobManager;
  private ContainerEvents events;
  private JobGraph staged;
  private List<Integer> vertexIds;
  private int nextContainer = 1;

  @AfterEach
  void close() {
    for (FakeTaskManager tm : fakes) {
      tm.client.close();
    }
    if (server != null) {
      server.close();
    }
    if (rpc != null) {
      rpc.close();
    }
    if (jobManager != null) {
      jobManager.close();
    }
  }

  /** A job of two tasks (source, then map -> print after a rebalance) at parallelism 2, checkpointing on request. */
  private void start(boolean checkpoints, Duration resourceTimeout) throws Exception {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment(new Configuration());
    env.fromSource(new GeneratorSource<>(i -> i, Long.MAX_VALUE), "endless", TypeInfo.of(Long.class)).setParallelism(2)
        .rebalance().map(x -> x).name("copy").setParallelism(2).print().setParallelism(2);
    staged = env.buildJobGraph("endless job");
    vertexIds = staged.vertices().stream().map(v -> v.id()).toList();
    assertEquals(2, vertexIds.size(), staged.describe());
    startAttempt(ATTEMPT, staged, checkpoints, resourceTimeout, null);
    Await.until("two TaskManagers requested", WAIT, () -> pool.requested == 2);
  }

  /** A JobManager of application attempt {@code attempt} running {@code graph} (staged: {@link #staged}). */
  private void startAttempt(ApplicationAttemptId attempt, JobGraph graph, boolean checkpoints,
      Duration resourceTimeout, RescaledParallelism record) throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestartOptions.TYPE, "fixed-delay");
    conf.set(RestartOptions.FIXED_DELAY_ATTEMPTS, 1);
    conf.set(RestartOptions.FIXED_DELAY_DELAY, Duration.ZERO);
    if (checkpoints) {
      conf.set(CheckpointOptions.INTERVAL, Duration.ofHours(1)); // only the rescale's own checkpoints
      conf.set(CheckpointOptions.DIRECTORY, checkpointDir.toUri().toString());
    }
    conf.set(RescaleOptions.RESOURCE_TIMEOUT, resourceTimeout);
    jobManager = new JobManager(attempt, staged, graph, Placement.of(graph, 1), conf, new YarnConfiguration(),
        System.currentTimeMillis(), record, e -> {
          events = e;
          return pool;
        });
    rpc = new RpcService(RpcSecret.generate());
    server = rpc.startServer("127.0.0.1", 0, jobManager);
    jobManager.begin(List.of(), "test containers", 0);
  }

  /** What TaskManagerContainers does with an allocated container: it takes the first free position, then registers. */
  private FakeTaskManager launch() throws Exception {
    ContainerId containerId = ContainerId.newContainerId(ATTEMPT, nextContainer++);
    Container container = Container.newInstance(containerId, NodeId.newInstance("node-a", 1), "node-a:8042",
        Resource.newInstance(1024, 1), Priority.newInstance(1), null);
    CompletableFuture<String> name = new CompletableFuture<>();
    events.post(() -> {
      int index = events.freePosition();
      TaskManagerInfo tm = new TaskManagerInfo("tm-" + index, index, container);
      events.launched(tm);
      name.complete(tm.id);
    });
    FakeTaskManager tm = new FakeTaskManager(name.get(WAIT.toSeconds(), TimeUnit.SECONDS), containerId);
    fakes.add(tm);
    assertInstanceOf(RegistrationAccepted.class, tm.register());
    return tm;
  }

  /** Two TaskManagers, each runs its subtask of every task. */
  private List<FakeTaskManager> running() throws Exception {
    List<FakeTaskManager> tms = List.of(launch(), launch());
    for (int i = 0; i < 2; i++) {
      DeployTask d = tms.get(i).deployed(i);
      assertEquals(0, d.attemptNumber());
      assertEquals(Map.of(), d.rescaled(), "the plan as staged");
      tms.get(i).report(i, TaskState.RUNNING, 0);
    }
    Await.until("job RUNNING", WAIT, () -> "RUNNING".equals(jobManager.view().state()));
    return tms;
  }

  @Test
  void scalesUpWithTheNewTaskManagersRegisteredFirstAndDownReleasingThem() throws Exception {
    start(true, Duration.ofMinutes(5));
    List<FakeTaskManager> tms = new ArrayList<>(running());

    CompletableFuture<String> up = jobManager.rescale(3, Map.of(), "the test");
    Await.until("a third TaskManager requested", WAIT, () -> pool.requested == 3);
    assertEquals("RUNNING", jobManager.view().state(), "the job runs on while the container comes");
    assertFalse(up.isDone());
    tms.add(launch());
    long checkpoint = acknowledgeCheckpoint(tms.subList(0, 2));
    for (int i = 0; i < 2; i++) {
      tms.get(i).canceled(i);
    }
    Await.until("RESCALING", WAIT, () -> "RESCALING".equals(jobManager.view().state()));
    for (int i = 0; i < 2; i++) {
      tms.get(i).report(i, TaskState.CANCELED, 0);
    }
    for (int i = 0; i < 3; i++) {
      DeployTask d = tms.get(i).deployed(i);
      assertEquals(1, d.attemptNumber(), "the next execution attempt");
      assertEquals(Map.of(vertexIds.get(0), 3, vertexIds.get(1), 3), d.rescaled());
      assertTrue(d.restoreCheckpoint().endsWith("chk-" + checkpoint + "/_metadata"), d.restoreCheckpoint());
    }
    for (int i = 0; i < 3; i++) {
      tms.get(i).report(i, TaskState.RUNNING, 1);
    }
    String summary = up.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertTrue(summary.contains("from checkpoint " + checkpoint) && summary.contains("TaskManagers 2 -> 3"), summary);
    assertEquals(0, jobManager.view().restarts(), "a rescale is no restart");
    assertEquals(6, jobManager.view().subtasks().size());

    CompletableFuture<String> down = jobManager.rescale(2, Map.of(), "the test");
    long second = acknowledgeCheckpoint(tms);
    assertTrue(second > checkpoint, "checkpoint ids continue");
    for (int i = 0; i < 3; i++) {
      tms.get(i).canceled(i);
      tms.get(i).report(i, TaskState.CANCELED, 1);
    }
    tms.get(2).next(Shutdown.class);
    Await.until("the third container released", WAIT, () -> pool.released.contains(tms.get(2).containerId));
    for (int i = 0; i < 2; i++) {
      DeployTask d = tms.get(i).deployed(i);
      assertEquals(2, d.attemptNumber());
      assertEquals(Map.of(), d.rescaled(), "back at the staged parallelism");
      tms.get(i).report(i, TaskState.RUNNING, 2);
    }
    assertTrue(down.get(WAIT.toSeconds(), TimeUnit.SECONDS).contains("TaskManagers 3 -> 2"));
    assertEquals(4, jobManager.view().subtasks().size());
    assertEquals(3, pool.requested, "no container asked for when scaling down");
  }

  @Test
  void refusesWhatCannotBeWithoutTouchingTheJob() throws Exception {
    start(true, Duration.ofMinutes(5));
    assertTrue(failure(jobManager.rescale(3, Map.of(), "the test")).contains("not RUNNING"));
    running();
    String above = failure(jobManager.rescale(129, Map.of(), "the test"));
    assertTrue(above.contains("parallelism 129") && above.contains("max parallelism 128"), above);
    String unknown = failure(jobManager.rescale(0, Map.of("nope", 3), "the test"));
    assertTrue(unknown.contains("--vertex nope") && unknown.contains("copy"), unknown);
    assertTrue(jobManager.rescale(2, Map.of(), "the test").get(WAIT.toSeconds(), TimeUnit.SECONDS)
        .contains("nothing to do"));
    assertEquals("RUNNING", jobManager.view().state());
    assertEquals(2, pool.requested);
  }

  @Test
  void refusesWithoutCheckpoints() throws Exception {
    start(false, Duration.ofMinutes(5));
    running();
    String why = failure(jobManager.rescale(3, Map.of(), "the test"));
    assertTrue(why.contains("takes no checkpoints") && why.contains(CheckpointOptions.DIRECTORY.key()), why);
  }

  @Test
  void givesUpAndKeepsTheJobRunningWhenTheContainersDoNotCome() throws Exception {
    start(true, Duration.ofMillis(300));
    List<FakeTaskManager> tms = running();
    String why = failure(jobManager.rescale(3, Map.of(), "the test"));
    assertTrue(why.contains(RescaleOptions.RESOURCE_TIMEOUT.key()) && why.contains("keeps running"), why);
    assertEquals(1, pool.withdrawn, "the outstanding request withdrawn");
    assertEquals("RUNNING", jobManager.view().state());
    assertEquals(0, jobManager.view().executionAttempt(), "nothing was redeployed");
    assertTrue(tms.get(0).received.stream().noneMatch(m -> m instanceof CancelTask || m instanceof TriggerCheckpoint));
    // A container granted after all is surplus: there is no position for it.
    CompletableFuture<Integer> position = new CompletableFuture<>();
    events.post(() -> position.complete(events.freePosition()));
    assertEquals(-1, position.get(WAIT.toSeconds(), TimeUnit.SECONDS));
  }

  @Test
  void aVertexFlagRescalesOnlyThatTask() throws Exception {
    start(true, Duration.ofMinutes(5));
    List<FakeTaskManager> tms = new ArrayList<>(running());
    CompletableFuture<String> up = jobManager.rescale(0, Map.of("copy", 3), "the test");
    Await.until("a third TaskManager requested", WAIT, () -> pool.requested == 3);
    tms.add(launch());
    acknowledgeCheckpoint(tms.subList(0, 2));
    for (int i = 0; i < 2; i++) {
      tms.get(i).canceled(i);
      tms.get(i).report(i, TaskState.CANCELED, 0);
    }
    for (int i = 0; i < 2; i++) {
      assertEquals(Map.of(vertexIds.get(1), 3), tms.get(i).deployed(i).rescaled(), "only the task named");
    }
    DeployTask third = tms.get(2).next(DeployTask.class);
    assertEquals(String.valueOf(vertexIds.get(1)), third.vertexId(), "only copy runs a third subtask");
    for (int i = 0; i < 2; i++) {
      tms.get(i).report(i, TaskState.RUNNING, 1);
    }
    tms.get(2).send(new TaskStateChanged(JOB_ID, third.vertexId(), 2, TaskState.RUNNING, "", 1));
    assertTrue(up.get(WAIT.toSeconds(), TimeUnit.SECONDS).contains("copy"));
    assertEquals(5, jobManager.view().subtasks().size());
  }

  @Test
  void aRescaledTaskThatFailsBeforeAllRunSendsTheJobBackToItsOldParallelism() throws Exception {
    start(true, Duration.ofMinutes(5));
    List<FakeTaskManager> tms = new ArrayList<>(running());
    CompletableFuture<String> up = jobManager.rescale(3, Map.of(), "the test");
    Await.until("a third TaskManager requested", WAIT, () -> pool.requested == 3);
    tms.add(launch());
    acknowledgeCheckpoint(tms.subList(0, 2));
    for (int i = 0; i < 2; i++) {
      tms.get(i).canceled(i);
      tms.get(i).report(i, TaskState.CANCELED, 0);
    }
    for (int i = 0; i < 3; i++) {
      tms.get(i).deployed(i);
    }
    // The third TaskManager's source subtask starts; its copy subtask cannot restore.
    tms.get(2).send(new TaskStateChanged(JOB_ID, String.valueOf(vertexIds.get(0)), 2, TaskState.RUNNING, "", 1));
    tms.get(2).send(new TaskStateChanged(JOB_ID, String.valueOf(vertexIds.get(1)), 2, TaskState.FAILED,
        "the state does not fit" + TaskStateChanged.NOT_RECOVERABLE, 1));
    String why = failure(up);
    assertTrue(why.contains("the state does not fit") && why.contains("went back to its previous parallelism"), why);
    for (int i = 0; i < 2; i++) {
      tms.get(i).canceled(i);
      tms.get(i).report(i, TaskState.CANCELED, 1);
    }
    assertEquals(2, tms.get(2).next(CancelTask.class).subtaskIndex(), "the extra TaskManager's running task too");
    assertTrue(pool.released.isEmpty(), "not released while one of its tasks may still run");
    tms.get(2).send(new TaskStateChanged(JOB_ID, String.valueOf(vertexIds.get(0)), 2, TaskState.CANCELED, "", 1));
    Await.until("the third container released", WAIT, () -> pool.released.contains(tms.get(2).containerId));
    for (int i = 0; i < 2; i++) {
      DeployTask d = tms.get(i).deployed(i);
      assertEquals(2, d.attemptNumber());
      assertEquals(Map.of(), d.rescaled());
      tms.get(i).report(i, TaskState.RUNNING, 2);
    }
    Await.until("RUNNING at the old parallelism", WAIT, () -> "RUNNING".equals(jobManager.view().state()));
    assertFalse(jobManager.outcome().isDone(), "the job was not failed");
    assertEquals(4, jobManager.view().subtasks().size());
  }

  @Test
  void aLaterApplicationMasterAttemptDeploysTheParallelismARescaleRecorded(@TempDir Path stagingDir)
      throws Exception {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment(new Configuration());
    env.fromSource(new GeneratorSource<>(i -> i, Long.MAX_VALUE), "endless", TypeInfo.of(Long.class)).setParallelism(2)
        .rebalance().map(x -> x).name("copy").setParallelism(2).print().setParallelism(2);
    staged = env.buildJobGraph("endless job");
    vertexIds = staged.vertices().stream().map(v -> v.id()).toList();
    org.apache.hadoop.fs.Path staging = new org.apache.hadoop.fs.Path(stagingDir.toUri());
    RescaledParallelism record = new RescaledParallelism(
        staging.getFileSystem(new org.apache.hadoop.conf.Configuration()), staging);
    startAttempt(ATTEMPT, staged, true, Duration.ofMinutes(5), record);
    Await.until("two TaskManagers requested", WAIT, () -> pool.requested == 2);
    List<FakeTaskManager> tms = new ArrayList<>(running());
    assertEquals(Map.of(), record.read(staged), "nothing recorded before a rescale");

    CompletableFuture<String> up = jobManager.rescale(0, Map.of("copy", 3), "the test");
    Await.until("a third TaskManager requested", WAIT, () -> pool.requested == 3);
    tms.add(launch());
    long checkpoint = acknowledgeCheckpoint(tms.subList(0, 2));
    for (int i = 0; i < 2; i++) {
      tms.get(i).canceled(i);
      tms.get(i).report(i, TaskState.CANCELED, 0);
    }
    for (int i = 0; i < 2; i++) {
      tms.get(i).deployed(i);
    }
    DeployTask third = tms.get(2).next(DeployTask.class);
    assertEquals(Map.of(), record.read(staged), "not recorded before every task runs at the new parallelism");
    for (int i = 0; i < 2; i++) {
      tms.get(i).report(i, TaskState.RUNNING, 1);
    }
    tms.get(2).send(new TaskStateChanged(JOB_ID, third.vertexId(), 2, TaskState.RUNNING, "", 1));
    up.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(Map.of(vertexIds.get(1), 3), record.read(staged), "recorded once the rescale completed");

    // The ApplicationMaster dies; the next attempt reads the record before it places the job.
    close();
    fakes.clear();
    pool.requested = 0;
    ApplicationAttemptId second = ApplicationAttemptId.newInstance(ATTEMPT.getApplicationId(), 2);
    JobGraph running = record.applyTo(staged, getClass().getClassLoader(), second);
    assertEquals(3, running.vertex(vertexIds.get(1)).parallelism());
    assertEquals(2, running.vertex(vertexIds.get(0)).parallelism(), "the source as submitted");
    startAttempt(second, running, true, Duration.ofMinutes(5), record);
    Await.until("three TaskManagers requested by the next attempt", WAIT, () -> pool.requested == 3);
    List<FakeTaskManager> next = List.of(launch(), launch(), launch());
    for (int i = 0; i < 2; i++) {
      DeployTask d = next.get(i).deployed(i);
      assertEquals(Map.of(vertexIds.get(1), 3), d.rescaled(), "the recorded parallelism, not the staged one");
      assertTrue(d.restoreCheckpoint().endsWith("chk-" + checkpoint + "/_metadata"), d.restoreCheckpoint());
    }
    DeployTask copy = next.get(2).next(DeployTask.class);
    assertEquals(String.valueOf(vertexIds.get(1)), copy.vertexId());
    assertEquals(2, copy.subtaskIndex());
    assertEquals(5, jobManager.view().subtasks().size());
  }

  /** Every TaskManager in {@code tms} acknowledges the next checkpoint for its subtask of every task; answers its id. */
  private long acknowledgeCheckpoint(List<FakeTaskManager> tms) throws InterruptedException {
    long id = -1;
    for (int i = 0; i < tms.size(); i++) {
      TriggerCheckpoint trigger = tms.get(i).next(TriggerCheckpoint.class);
      id = trigger.checkpointId();
      for (int v : vertexIds) {
        tms.get(i).send(new AcknowledgeCheckpoint(JOB_ID, String.valueOf(v), i, id, new byte[0]));
      }
    }
    return id;
  }

  private static String failure(CompletableFuture<String> future) throws Exception {
    try {
      String value = future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      throw new AssertionError("expected a refusal, got " + value);
    } catch (ExecutionException e) {
      assertNotNull(e.getCause().getMessage());
      return e.getCause().getMessage();
    }
  }

  /** The cluster as the registry sees it: records requests, withdrawals and releases. */
  private static final class RecordingPool implements ContainerPool {
    volatile int requested;
    volatile int withdrawn;
    final List<ContainerId> released = new CopyOnWriteArrayList<>();

    @Override
    public void request(int count) {
      requested += count;
    }

    @Override
    public void withdraw(int count) {
      withdrawn += count;
    }

    @Override
    public void release(ContainerId container) {
      released.add(container);
    }

    @Override
    public void releaseLost(TaskManagerInfo tm) {}

    @Override
    public void countFailureOn(String host) {}
  }

  /** A TaskManager played by the test over real RPC: registers, keeps what it is sent, reports states. */
  private final class FakeTaskManager {
    final String id;
    final ContainerId containerId;
    final BlockingQueue<RpcMessage> received = new LinkedBlockingQueue<>();
    final RpcClient client;
    final RpcConnection connection;

    FakeTaskManager(String id, ContainerId containerId) throws Exception {
      this.id = id;
      this.containerId = containerId;
      client = rpc.newClient(new RpcHandler() {
        @Override
        public void onMessage(RpcConnection c, RpcMessage message) {
          received.add(message);
        }

        @Override
        public void onClosed(RpcConnection c, Throwable cause) {}
      });
      connection = client.connect("127.0.0.1", server.port()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    RpcMessage register() throws Exception {
      return connection.ask(new RegisterTaskManager(id, "127.0.0.1", 1, 1, containerId.toString()))
          .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    void send(RpcMessage message) {
      connection.send(message);
    }

    /** Reports subtask {@code subtask} of every task in {@code state}. */
    void report(int subtask, TaskState state, int attempt) {
      for (int v : vertexIds) {
        send(new TaskStateChanged(JOB_ID, String.valueOf(v), subtask, state, "", attempt));
      }
    }

    /** Takes a deployment of subtask {@code subtask} of every task; answers the last. */
    DeployTask deployed(int subtask) throws InterruptedException {
      DeployTask last = null;
      for (int v : vertexIds) {
        last = next(DeployTask.class);
        assertEquals(String.valueOf(v), last.vertexId());
        assertEquals(subtask, last.subtaskIndex(), "subtask i of every task on TaskManager i");
      }
      return last;
    }

    /** Takes the cancellation of subtask {@code subtask} of every task. */
    void canceled(int subtask) throws InterruptedException {
      for (int i = 0; i < vertexIds.size(); i++) {
        assertEquals(subtask, next(CancelTask.class).subtaskIndex());
      }
    }

    /** The next message of that type this TaskManager receives (others before it are skipped). */
    <T extends RpcMessage> T next(Class<T> type) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (true) {
        RpcMessage m = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        assertNotNull(m, id + " received no " + type.getSimpleName() + " within " + WAIT);
        if (type.isInstance(m)) {
          return type.cast(m);
        }
      }
    }
  }
}
