package io.weft.appmaster;

import io.weft.core.rpc.AcknowledgeCheckpoint;
import io.weft.core.rpc.CancelTask;
import io.weft.core.rpc.DeployTask;
import io.weft.core.rpc.Heartbeat;
import io.weft.core.rpc.MetricScope;
import io.weft.core.rpc.MetricValue;
import io.weft.core.rpc.RegisterTaskManager;
import io.weft.core.rpc.RpcClient;
import io.weft.core.rpc.RpcCodec;
import io.weft.core.rpc.RpcConnection;
import io.weft.core.rpc.RpcHandler;
import io.weft.core.rpc.RpcMessage;
import io.weft.core.rpc.RpcSecret;
import io.weft.core.rpc.RpcService;
import io.weft.core.rpc.Shutdown;
import io.weft.core.rpc.TaskState;
import io.weft.core.rpc.TaskStateChanged;
import io.weft.core.rpc.TaskStatus;
import io.weft.core.rpc.TriggerCheckpoint;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * TaskManagers played by a process of their own, for {@link SimulatedCluster}: each registers with the
 * JobManager over real RPC, answers a deployment with RUNNING, a cancellation with CANCELED, a
 * checkpoint trigger with an acknowledgement from every subtask it runs, and sends a heartbeat with
 * its subtasks' status and metrics (about what a real TaskManager reports) when told. A process apart
 * from the JobManager's, so the JobManager's CPU and heap are measured without the TaskManagers'.
 *
 * <p>Commands on stdin, one per line: {@code connect <host> <port> <secret> <jobId>}, then
 * {@code launch <tmId> <containerId> <slots>}, {@code heartbeat} (answered {@code heartbeats <n>} on
 * stdout once sent), {@code deploybytes} (answered {@code deploybytes <bytes> <messages> <largest>}: the
 * DeployTasks received so far, as encoded), {@code quit}. Registrations are answered {@code registered <tmId> <answer>}.
 */
public final class SimulatedTaskManagers {
  /** Metrics per subtask in a heartbeat: a real task reports about this many (records, bytes, buffers, watermark, ...). */
  static final int METRICS_PER_TASK = 12;
  /** Metrics of a TaskManager's own group (JVM heap, GC, threads, network buffers, ...). */
  static final int METRICS_PER_TASK_MANAGER = 20;
  /** The state a subtask acknowledges: none (a stateless subtask); the metadata then has no handles to parse. */
  private static final byte[] STATE = new byte[0];

  private final PrintStream out;
  private final RpcService rpc;
  private final String host;
  private final int port;
  private final String jobId;
  private final List<Tm> taskManagers = new ArrayList<>();
  /** The deployments' size as the codec writes them: bytes, messages, the largest message. */
  private final AtomicLong deployBytes = new AtomicLong();
  private final AtomicLong deployMessages = new AtomicLong();
  private final AtomicLong deployMaxBytes = new AtomicLong();

  private SimulatedTaskManagers(PrintStream out, RpcService rpc, String host, int port, String jobId) {
    this.out = out;
    this.rpc = rpc;
    this.host = host;
    this.port = port;
    this.jobId = jobId;
  }

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String[] connect = in.readLine().split(" ");
    if (!"connect".equals(connect[0])) {
      throw new IllegalArgumentException("the first command must be connect, got " + connect[0]);
    }
    try (RpcService rpc = new RpcService(RpcSecret.fromBase64(connect[3]))) {
      SimulatedTaskManagers tms = new SimulatedTaskManagers(out, rpc, connect[1], Integer.parseInt(connect[2]),
          connect[4]);
      String line;
      while ((line = in.readLine()) != null && !line.equals("quit")) {
        String[] c = line.split(" ");
        switch (c[0]) {
          case "launch" -> tms.launch(c[1], c[2], Integer.parseInt(c[3]));
          case "heartbeat" -> tms.heartbeat();
          case "deploybytes" -> out.println("deploybytes " + tms.deployBytes.get() + " " + tms.deployMessages.get()
              + " " + tms.deployMaxBytes.get());
          default -> throw new IllegalArgumentException("unknown command " + line);
        }
      }
      for (Tm tm : tms.taskManagers) {
        tm.client.close();
      }
    }
  }

  private void launch(String id, String containerId, int slots) throws Exception {
    Tm tm = new Tm(id);
    taskManagers.add(tm);
    tm.connection = tm.client.connect(host, port).get(60, TimeUnit.SECONDS);
    tm.connection.ask(new RegisterTaskManager(id, "127.0.0.1", 1, slots, containerId))
        .whenComplete((answer, failure) -> out.println("registered " + id + " "
            + (failure != null ? failure.toString().replace('\n', ' ') : answer.getClass().getSimpleName())));
  }

  private void heartbeat() {
    int sent = 0;
    for (Tm tm : taskManagers) {
      if (tm.connection != null && tm.connection.isOpen()) {
        tm.connection.send(tm.heartbeat());
        sent++;
      }
    }
    out.println("heartbeats " + sent);
  }

  /** One simulated TaskManager: what it was deployed, and its answers. */
  private final class Tm implements RpcHandler {
    final String id;
    final RpcClient client;
    volatile RpcConnection connection;
    /** Its subtasks ("vertex/subtask") and their execution attempts. */
    final Map<String, Integer> tasks = new ConcurrentHashMap<>();
    long beats;

    Tm(String id) {
      this.id = id;
      this.client = rpc.newClient(this);
    }

    @Override
    public void onMessage(RpcConnection c, RpcMessage message) {
      if (message instanceof DeployTask d) {
        int size = RpcCodec.encode(d).length;
        deployBytes.addAndGet(size);
        deployMessages.incrementAndGet();
        deployMaxBytes.accumulateAndGet(size, Math::max);
        tasks.put(d.vertexId() + "/" + d.subtaskIndex(), d.attemptNumber());
        c.send(new TaskStateChanged(jobId, d.vertexId(), d.subtaskIndex(), TaskState.RUNNING, "", d.attemptNumber()));
      } else if (message instanceof CancelTask cancel) {
        Integer attempt = tasks.remove(cancel.vertexId() + "/" + cancel.subtaskIndex());
        if (attempt != null) {
          c.send(new TaskStateChanged(jobId, cancel.vertexId(), cancel.subtaskIndex(), TaskState.CANCELED, "",
              attempt));
        }
      } else if (message instanceof TriggerCheckpoint t) {
        for (String task : tasks.keySet()) {
          int slash = task.indexOf('/');
          c.send(new AcknowledgeCheckpoint(jobId, task.substring(0, slash),
              Integer.parseInt(task.substring(slash + 1)), t.checkpointId(), STATE, 4096, 1));
        }
      } else if (message instanceof Shutdown) {
        c.close();
      }
    }

    @Override
    public void onClosed(RpcConnection c, Throwable cause) {}

    Heartbeat heartbeat() {
      beats++;
      List<TaskStatus> statuses = new ArrayList<>();
      List<MetricScope> scopes = new ArrayList<>();
      scopes.add(new MetricScope("taskmanager", Map.of("tm_id", id), metrics("Status.JVM.", METRICS_PER_TASK_MANAGER)));
      for (String task : tasks.keySet()) {
        statuses.add(new TaskStatus(task, TaskState.RUNNING, beats * 1000, beats * 1000, beats, 10, 10, -1,
            beats * 5000));
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("job_id", jobId);
        variables.put("task_name", "task " + task);
        variables.put("subtask_index", task.substring(task.indexOf('/') + 1));
        variables.put("tm_id", id);
        scopes.add(new MetricScope("taskmanager_job_task", variables, metrics("numRecords", METRICS_PER_TASK)));
      }
      return new Heartbeat(id, System.currentTimeMillis(), statuses, scopes);
    }

    private List<MetricValue> metrics(String prefix, int n) {
      List<MetricValue> values = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        values.add(i % 2 == 0 ? MetricValue.counter(prefix + "Counter" + i, beats * i)
            : MetricValue.gauge(prefix + "Gauge" + i, beats * 0.5));
      }
      return values;
    }
  }
}
