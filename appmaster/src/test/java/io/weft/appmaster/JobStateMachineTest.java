package io.weft.appmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.source.GeneratorSource;
import io.weft.appmaster.web.JobView;
import io.weft.core.config.Configuration;
import io.weft.core.config.RestartOptions;
import io.weft.core.plan.JobGraph;
import io.weft.core.rpc.CancelTask;
import io.weft.core.rpc.DeployTask;
import io.weft.core.rpc.RegisterTaskManager;
import io.weft.core.rpc.RegistrationAccepted;
import io.weft.core.rpc.RegistrationRejected;
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
import io.weft.core.types.TypeInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The JobManager's deployment and restart state machine and its TaskManager registry, without YARN:
 * real RPC over loopback between the JobManager and TaskManagers played by the test, and a
 * {@link ContainerPool} that records what the job asked of the cluster instead of asking YARN.
 */
class JobStateMachineTest {
  private static final ApplicationAttemptId ATTEMPT =
      ApplicationAttemptId.newInstance(ApplicationId.newInstance(1, 1), 1);
  private static final String JOB_ID = "job_1_0001";
  /** Long enough for a slow, shared machine; a wait that ends earlier is the normal case. */
  private static final long WAIT_SECONDS = 60;

  private final RecordingPool pool = new RecordingPool();
  private final List<FakeTaskManager> fakes = new ArrayList<>();
  private RpcService rpc;
  private RpcServer server;
  private JobManager jobManager;
  private ContainerEvents events;
  private JobGraph graph;
  /** The plan's tasks; subtask i of each runs on TaskManager i. */
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

  /** A job of tasks with two subtasks each on two TaskManagers of one slot, restarting {@code restarts} times. */
  private void start(int restarts) throws Exception {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment(new Configuration());
    env.fromSource(new GeneratorSource<>(i -> i, Long.MAX_VALUE), "endless", TypeInfo.of(Long.class)).setParallelism(2)
        .map(x -> x).name("copy").setParallelism(2).print().setParallelism(2);
    graph = env.buildJobGraph("endless job");
    vertexIds = graph.vertices().stream().map(v -> v.id()).toList();
    Configuration conf = new Configuration();
    conf.set(RestartOptions.TYPE, "fixed-delay");
    conf.set(RestartOptions.FIXED_DELAY_ATTEMPTS, restarts);
    conf.set(RestartOptions.FIXED_DELAY_DELAY, Duration.ZERO);
    jobManager = new JobManager(ATTEMPT, graph, graph, Placement.of(graph, 1), conf, new YarnConfiguration(),
        System.currentTimeMillis(), null, e -> {
          events = e;
          return pool;
        });
    RpcSecret secret = RpcSecret.generate();
    rpc = new RpcService(secret);
    server = rpc.startServer("127.0.0.1", 0, jobManager);
    jobManager.begin(List.of(), "test containers", 0);
    awaitTrue(() -> pool.requested == 2, "two TaskManagers requested");
    assertEquals("SCHEDULED", jobManager.view().state());
  }

  /** What TaskManagerContainers does with an allocated container: it takes the first free position. */
  private FakeTaskManager launch() throws Exception {
    ContainerId containerId = ContainerId.newContainerId(ATTEMPT, nextContainer++);
    Container container = Container.newInstance(containerId, NodeId.newInstance("node-a", 1), "node-a:8042",
        Resource.newInstance(1024, 1), Priority.newInstance(1), null);
    BlockingQueue<String> name = new LinkedBlockingQueue<>();
    events.post(() -> {
      int index = events.freePosition();
      TaskManagerInfo tm = new TaskManagerInfo("tm-" + index + (containerId.getContainerId() > 2 ? "-r" : ""), index,
          container);
      events.launched(tm);
      name.add(tm.id);
    });
    FakeTaskManager tm = new FakeTaskManager(name.poll(WAIT_SECONDS, TimeUnit.SECONDS), containerId.toString());
    fakes.add(tm);
    return tm;
  }

  /** Two TaskManagers launched and registered, each deployed its subtask, both RUNNING. */
  private List<FakeTaskManager> running() throws Exception {
    FakeTaskManager tm0 = launch();
    FakeTaskManager tm1 = launch();
    assertInstanceOf(RegistrationAccepted.class, tm0.register(1));
    assertEquals("SCHEDULED", jobManager.view().state(), "no deployment before every TaskManager registered");
    assertInstanceOf(RegistrationAccepted.class, tm1.register(1));
    assertEquals(0, tm0.deployed(0), "the first execution attempt of ApplicationMaster attempt 1");
    assertEquals(0, tm1.deployed(1));
    tm0.report(0, TaskState.RUNNING, 0);
    assertEquals("DEPLOYING", jobManager.view().state(), "not RUNNING before every task is");
    tm1.report(1, TaskState.RUNNING, 0);
    awaitTrue(() -> "RUNNING".equals(jobManager.view().state()), "job RUNNING");
    return List.of(tm0, tm1);
  }

  @Test
  void deploysOnceEveryTaskManagerRegisteredAndSucceedsWhenAllFinished() throws Exception {
    start(0);
    List<FakeTaskManager> tms = running();
    tms.get(0).report(0, TaskState.FINISHED, 0);
    tms.get(1).report(1, TaskState.FINISHED, 0);
    for (FakeTaskManager tm : tms) {
      tm.next(Shutdown.class);
      tm.connection.close();
    }
    JobManager.Outcome outcome = jobManager.outcome().get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertEquals(FinalApplicationStatus.SUCCEEDED, outcome.status());
    assertTrue(outcome.diagnostics().contains("(" + JOB_ID + ") finished in application attempt 1"),
        outcome.diagnostics());
    assertEquals("FINISHED", jobManager.view().state());
    assertEquals(0, pool.lost.size(), "a TaskManager that ends with its job is no loss");
  }

  @Test
  void aFailedTaskCancelsTheOthersAndRedeploysTheNextAttempt() throws Exception {
    start(1);
    List<FakeTaskManager> tms = running();
    int failing = vertexIds.get(0);
    tms.get(0).reportOne(failing, 0, TaskState.FAILED, 0, "boom");
    CancelTask cancel = tms.get(1).next(CancelTask.class);
    assertEquals(1, cancel.subtaskIndex());
    awaitTrue(() -> "RESTARTING".equals(jobManager.view().state()), "RESTARTING");
    for (int v : vertexIds) {
      if (v != failing) {
        tms.get(0).reportOne(v, 0, TaskState.CANCELED, 0, "");
      }
    }
    tms.get(1).report(1, TaskState.CANCELED, 0);
    assertEquals(1, tms.get(0).deployed(0), "the next execution attempt");
    assertEquals(1, tms.get(1).deployed(1));
    JobView view = jobManager.view();
    assertEquals(1, view.restarts());
    assertEquals(1, view.executionAttempt());
    assertTrue(view.failures().stream().anyMatch(f -> f.task().endsWith("(1/2)") && f.message().equals("boom")),
        view.failures().toString());
    // A report of the replaced attempt changes nothing.
    tms.get(1).report(1, TaskState.FAILED, 0);
    tms.get(0).report(0, TaskState.RUNNING, 1);
    tms.get(1).report(1, TaskState.RUNNING, 1);
    awaitTrue(() -> "RUNNING".equals(jobManager.view().state()), "RUNNING again");
    assertEquals(1, jobManager.view().restarts());
  }

  @Test
  void aLostTaskManagerIsReplacedAndTheJobRedeployedOnceTheReplacementRegistered() throws Exception {
    start(1);
    List<FakeTaskManager> tms = running();
    tms.get(1).connection.close();
    CancelTask cancel = tms.get(0).next(CancelTask.class);
    assertEquals(0, cancel.subtaskIndex(), "the surviving subtask is canceled");
    awaitTrue(() -> pool.requested == 3, "a replacement requested");
    assertEquals(List.of("tm-1"), pool.lost, "the lost container released");
    assertEquals(List.of("node-a"), pool.failedHosts, "counted against its node");
    for (int v : vertexIds) {
      tms.get(0).reportOne(v, 0, TaskState.CANCELED, 0, "");
    }
    awaitTrue(() -> jobManager.view().restarts() == 1, "the restart begun");
    assertEquals("RESTARTING", jobManager.view().state(), "waits for the replacement");

    FakeTaskManager replacement = launch();
    assertEquals("tm-1-r", replacement.id, "the replacement takes the lost TaskManager's position");
    assertInstanceOf(RegistrationAccepted.class, replacement.register(1));
    assertEquals(1, tms.get(0).deployed(0));
    assertEquals(1, replacement.deployed(1), "subtask 1 of every task moved to the replacement");
    assertTrue(jobManager.view().failures().stream().anyMatch(f -> f.message().startsWith("lost: its connection closed")),
        jobManager.view().failures().toString());
  }

  @Test
  void aMemoryKillLearnedAfterTheLossGoesToTheJobsFailures() throws Exception {
    start(1);
    List<FakeTaskManager> tms = running();
    tms.get(1).connection.close(); // the process dies first; YARN's reason comes later
    awaitTrue(() -> pool.requested == 3, "a replacement requested");
    String words = "TaskManager tm-1 was killed by YARN for using 1.1 GB of its 1.0 GB container; raise -ytm or "
        + "taskmanager.memory.*";
    events.post(() -> events.lostContainerEnded("tm-1 container c ended with exit status -104", words));
    awaitTrue(() -> jobManager.view().failures().stream().anyMatch(f -> f.message().equals(words)),
        "the memory kill is among the job's failures");
  }

  @Test
  void noRestartLeftFailsTheJobWithTheCause() throws Exception {
    start(0);
    List<FakeTaskManager> tms = running();
    tms.get(1).reportOne(vertexIds.get(0), 1, TaskState.FAILED, 0, "boom");
    tms.get(0).next(CancelTask.class);
    for (FakeTaskManager tm : tms) {
      tm.next(Shutdown.class);
      tm.connection.close();
    }
    JobManager.Outcome outcome = jobManager.outcome().get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertEquals(FinalApplicationStatus.FAILED, outcome.status());
    assertTrue(outcome.diagnostics().contains("failed: boom; the restart strategy fixed-delay allows no more restarts"),
        outcome.diagnostics());
  }

  @Test
  void onlyContainersThisJobManagerLaunchedMayRegisterOnce() throws Exception {
    start(0);
    FakeTaskManager stranger = new FakeTaskManager("tm-0", ContainerId.newContainerId(ATTEMPT, 99).toString());
    fakes.add(stranger);
    RegistrationRejected rejected = assertInstanceOf(RegistrationRejected.class, stranger.register(1));
    assertTrue(rejected.reason().contains("was not started by this JobManager"), rejected.reason());
    FakeTaskManager tm0 = launch();
    assertInstanceOf(RegistrationAccepted.class, tm0.register(1));
    FakeTaskManager again = new FakeTaskManager(tm0.id, tm0.containerId);
    fakes.add(again);
    assertInstanceOf(RegistrationRejected.class, again.register(1));
    assertFalse(jobManager.outcome().isDone());
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
    io.weft.testing.Await.until(what, java.time.Duration.ofSeconds(WAIT_SECONDS), condition::getAsBoolean);
  }

  /** The cluster as the registry sees it: records requests, releases and failed nodes. */
  private static final class RecordingPool implements ContainerPool {
    volatile int requested;
    final List<ContainerId> released = new CopyOnWriteArrayList<>();
    final List<String> lost = new CopyOnWriteArrayList<>();
    final List<String> failedHosts = new CopyOnWriteArrayList<>();

    @Override
    public void request(int count) {
      requested += count;
    }

    @Override
    public void release(ContainerId container) {
      released.add(container);
    }

    @Override
    public void releaseLost(TaskManagerInfo tm) {
      lost.add(tm.id);
    }

    @Override
    public void countFailureOn(String host) {
      failedHosts.add(host);
    }
  }

  /** A TaskManager played by the test over real RPC: registers, keeps what it is sent, reports states. */
  private final class FakeTaskManager {
    final String id;
    final String containerId;
    final BlockingQueue<RpcMessage> received = new LinkedBlockingQueue<>();
    final RpcClient client;
    final RpcConnection connection;

    FakeTaskManager(String id, String containerId) throws Exception {
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
      connection = client.connect("127.0.0.1", server.port()).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    RpcMessage register(int slots) throws Exception {
      return connection.ask(new RegisterTaskManager(id, "127.0.0.1", 1, slots, containerId))
          .get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Reports subtask {@code subtask} of every task in {@code state}. */
    void report(int subtask, TaskState state, int attempt) {
      for (int v : vertexIds) {
        reportOne(v, subtask, state, attempt, "");
      }
    }

    void reportOne(int vertex, int subtask, TaskState state, int attempt, String failure) {
      connection.send(new TaskStateChanged(JOB_ID, String.valueOf(vertex), subtask, state, failure, attempt));
    }

    /** Takes a deployment of subtask {@code subtask} of every task; answers its execution attempt. */
    int deployed(int subtask) throws InterruptedException {
      List<Integer> vertices = new ArrayList<>();
      int attempt = -1;
      for (int i = 0; i < vertexIds.size(); i++) {
        DeployTask d = next(DeployTask.class);
        assertEquals(subtask, d.subtaskIndex(), "subtask i of every task on TaskManager i");
        assertTrue(attempt < 0 || attempt == d.attemptNumber(), "one execution attempt");
        attempt = d.attemptNumber();
        vertices.add(Integer.parseInt(d.vertexId()));
      }
      assertEquals(vertexIds, vertices);
      return attempt;
    }

    /** The next message of that type this TaskManager receives (others before it are skipped). */
    <T extends RpcMessage> T next(Class<T> type) {
      return io.weft.testing.Await.value(id + " received a " + type.getSimpleName(),
          java.time.Duration.ofSeconds(WAIT_SECONDS), () -> {
            RpcMessage m = received.poll(100, TimeUnit.MILLISECONDS);
            return type.isInstance(m) ? type.cast(m) : null;
          });
    }
  }
}
