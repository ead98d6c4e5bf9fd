package io.weft.appmaster;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.source.GeneratorSource;
import io.weft.appmaster.web.JobView;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.config.Configuration;
import io.weft.core.plan.JobGraph;
import io.weft.core.rpc.RpcSecret;
import io.weft.core.rpc.RpcServer;
import io.weft.core.rpc.RpcService;
import io.weft.core.types.TypeInfo;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * The real JobManager (registry, state machine, checkpoint coordinator, RPC server and codec) with
 * its containers provided by a simulation instead of YARN: it is the {@link ContainerPool}, and each
 * container it "allocates" becomes a fake TaskManager in one child process
 * ({@link SimulatedTaskManagers}) that registers over real RPC, takes deployments, acknowledges
 * checkpoints and heartbeats on command. The JobManager is alone in this JVM but for the caller, so
 * its threads' CPU time ({@code weft-*} threads) and the heap are its own.
 *
 * <p>The job: {@code source -> keyBy -> reduce -> rebalance -> sink}, every task at parallelism
 * TaskManagers x slots (two all-to-all exchanges, as a keyed windowed job has).
 */
public final class SimulatedCluster implements ContainerPool, AutoCloseable {
  private static final ApplicationAttemptId ATTEMPT =
      ApplicationAttemptId.newInstance(ApplicationId.newInstance(1, 1), 1);
  private static final Duration WAIT = Duration.ofMinutes(5);

  private final int taskManagers;
  private final int slots;
  private final JobGraph graph;
  private final Path workDir;
  private final RpcService rpc;
  private final RpcServer server;
  private final JobManager jobManager;
  private ContainerEvents events;
  private final Process child;
  private final Writer toChild;
  private final BlockingQueue<String> fromChild = new LinkedBlockingQueue<>();
  private final AtomicInteger nextContainer = new AtomicInteger(1);
  private volatile int rejected;

  /**
   * @param checkpointIntervalMillis 0 for no periodic checkpoints
   */
  public SimulatedCluster(int taskManagers, int slots, long checkpointIntervalMillis) throws Exception {
    this.taskManagers = taskManagers;
    this.slots = slots;
    int p = taskManagers * slots;
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment(new Configuration());
    env.fromSource(new GeneratorSource<>(i -> i, Long.MAX_VALUE), "events", TypeInfo.of(Long.class)).setParallelism(p)
        .keyBy(x -> x % 1024, TypeInfo.of(Long.class)).reduce(Long::sum).name("sum").setParallelism(p)
        .rebalance().print().setParallelism(p);
    graph = env.buildJobGraph("simulated job");
    workDir = Files.createTempDirectory("weft-am-sim");
    Configuration conf = new Configuration();
    if (checkpointIntervalMillis > 0) {
      conf.set(CheckpointOptions.INTERVAL, Duration.ofMillis(checkpointIntervalMillis));
      conf.set(CheckpointOptions.DIRECTORY, workDir.resolve("checkpoints").toUri().toString());
    }
    jobManager = new JobManager(ATTEMPT, graph, graph, Placement.of(graph, slots), conf, new YarnConfiguration(),
        System.currentTimeMillis(), null, e -> {
          events = e;
          return this;
        });
    RpcSecret secret = RpcSecret.generate();
    rpc = new RpcService(secret);
    server = rpc.startServer("127.0.0.1", 0, jobManager);

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx1g", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1"));
    if (System.getProperty("log4j.configuration") != null) {
      command.add("-Dlog4j.configuration=" + System.getProperty("log4j.configuration"));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), SimulatedTaskManagers.class.getName()));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectError(workDir.resolve("taskmanagers.err").toFile());
    child = pb.start();
    toChild = new java.io.OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.startsWith("registered ") && !line.endsWith(" RegistrationAccepted")) {
            rejected++;
          }
          fromChild.add(line);
        }
      } catch (IOException e) {
        fromChild.add("closed " + e);
      }
    }, "sim-taskmanagers-reader");
    reader.setDaemon(true);
    reader.start();
    command("connect 127.0.0.1 " + server.port() + " " + secret.toBase64() + " " + jobManager.jobId());
  }

  /** The JobManager asks for its containers; every TaskManager registers, is deployed, and runs. */
  public void startAndAwaitRunning() {
    jobManager.begin(List.of(), "simulated containers", 0);
    io.weft.testing.Await.until("all " + taskManagers + " simulated TaskManagers registered and the job RUNNING",
        WAIT, () -> {
          if (rejected > 0) {
            throw new AssertionError(rejected + " registrations rejected; see " + workDir.resolve("taskmanagers.err"));
          }
          // Not view(), which visits every subtask: the progress YARN sees leaves 0 once all tasks ran.
          return jobManager.progress() > 0;
        });
    if (!"RUNNING".equals(jobManager.view().state())) {
      throw new AssertionError("the job is " + jobManager.view().state() + ", not RUNNING");
    }
  }

  /** Every TaskManager sends one heartbeat; returns once the JobManager has handled all of them. */
  public void heartbeatRound() throws Exception {
    long before = System.currentTimeMillis();
    command("heartbeat");
    String sent = io.weft.testing.Await.value("the heartbeats were sent", WAIT,
        () -> fromChild.poll(100, TimeUnit.MILLISECONDS));
    while (!sent.startsWith("heartbeats ")) {
      sent = fromChild.take(); // a late registration answer
    }
    int n = Integer.parseInt(sent.substring("heartbeats ".length()));
    io.weft.testing.Await.until(n + " heartbeats received", WAIT, () -> jobManager.metricStore().current().stream()
        .filter(r -> r.receivedAtMillis() >= before).count() >= n);
    awaitEventThread();
  }

  /**
   * The DeployTasks the simulated TaskManagers received so far, as the codec encodes them: total
   * bytes, messages, and the largest message's bytes.
   */
  public long[] deployedBytes() throws Exception {
    command("deploybytes");
    String answer = io.weft.testing.Await.value("the deployment's size", WAIT,
        () -> fromChild.poll(100, TimeUnit.MILLISECONDS));
    while (!answer.startsWith("deploybytes ")) {
      answer = fromChild.take(); // a late registration answer
    }
    String[] f = answer.split(" ");
    return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])};
  }

  /** Returns once the JobManager's event thread handled everything posted before. */
  public void awaitEventThread() throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    events.post(done::countDown);
    if (!done.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("the event thread did not answer within " + WAIT);
    }
  }

  public JobView view() {
    return jobManager.view();
  }

  public JobManager jobManager() {
    return jobManager;
  }

  public int subtasks() {
    return graph.vertices().stream().mapToInt(v -> v.parallelism()).sum();
  }

  /** CPU time of the JobManager's threads so far: its event loop and timer, RPC and checkpoint io threads. */
  public static long jobManagerCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("weft-")) {
        long cpu = threads.getThreadCpuTime(info.getThreadId());
        total += Math.max(0, cpu);
      }
    }
    return total;
  }

  /** Heap in use after a full collection (twice, so finalizable garbage goes too). */
  public static long heapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  private synchronized void command(String line) throws IOException {
    toChild.write(line + "\n");
    toChild.flush();
  }

  // ---- ContainerPool: the simulation allocates at once and launches in the child ----

  @Override
  public void request(int count) {
    for (int i = 0; i < count; i++) {
      events.post(() -> {
        int index = events.freePosition();
        if (index < 0) {
          return;
        }
        ContainerId id = ContainerId.newContainerId(ATTEMPT, nextContainer.getAndIncrement());
        String host = "sim-node-" + (index % 50);
        Container container = Container.newInstance(id, NodeId.newInstance(host, 8041), host + ":8042",
            Resource.newInstance(1024, 1), Priority.newInstance(1), null);
        TaskManagerInfo tm = new TaskManagerInfo("tm-" + index, index, container);
        events.launched(tm);
        try {
          command("launch " + tm.id + " " + id + " " + slots);
        } catch (IOException e) {
          events.failed("the simulated TaskManagers are gone: " + e);
        }
      });
    }
  }

  @Override
  public void release(ContainerId container) {}

  @Override
  public void releaseLost(TaskManagerInfo tm) {}

  @Override
  public void countFailureOn(String host) {}

  /** Cancels the job, stops the child process, the RPC server and the JobManager, and deletes the work directory. */
  @Override
  public void close() throws Exception {
    try {
      jobManager.cancel("canceled by the simulation");
      try {
        jobManager.outcome().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        // ended anyway below
      }
      try {
        command("quit");
      } catch (IOException e) {
        // the child is gone already
      }
      if (!child.waitFor(30, TimeUnit.SECONDS)) {
        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } finally {
      server.close();
      rpc.close();
      jobManager.close();
      try (Stream<Path> files = Files.walk(workDir)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }
}
