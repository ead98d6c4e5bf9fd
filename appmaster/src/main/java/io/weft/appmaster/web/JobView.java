package io.weft.appmaster.web;

import io.weft.appmaster.checkpoint.CheckpointHistory;
import io.weft.appmaster.metrics.TaskMetrics;
import io.weft.core.plan.JobGraph;
import io.weft.core.plan.JobVertex;
import io.weft.core.plan.StreamEdge;
import io.weft.core.plan.StreamNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the web UI, the REST API and the metrics endpoint show of a job: an immutable snapshot the
 * JobManager takes on its event thread, so the HTTP threads never touch its state.
 *
 * @param applicationAttempt YARN's attempt of the ApplicationMaster
 * @param executionAttempt the job's execution attempt, an internal number: ApplicationMaster attempt k starts
 *     at (k - 1) * 2^20, then one more per restart
 * @param restarts the restarts of the job in this ApplicationMaster attempt
 * @param startMillis when this ApplicationMaster started the job
 * @param allRunningAfterMillis time to all tasks RUNNING, from {@code weft run} in the first ApplicationMaster
 *     attempt and from this attempt's start in a later one; -1 until then
 * @param user the user the containers run as, for the NodeManager's log pages
 * @param checkpointIntervalMillis 0 when checkpointing is off
 * @param configuration the configuration in effect, sensitive values already replaced
 * @param pendingResources why TaskManager containers wait for YARN, or null while none waits long
 */
public record JobView(String applicationId, int applicationAttempt, String jobId, String jobName, String state,
    float progress, long startMillis, long nowMillis, long allRunningAfterMillis, int executionAttempt,
    int restarts, int slotsPerTaskManager, String user, Container jobManager, List<Vertex> vertices, List<Edge> edges,
    List<Subtask> subtasks, List<TaskManager> taskManagers, long checkpointIntervalMillis,
    List<CheckpointHistory.Entry> checkpoints, long checkpointsCompleted, long checkpointsFailed,
    List<Failure> failures, Map<String, String> configuration, String pendingResources) {

  public JobView {
    vertices = List.copyOf(vertices);
    edges = List.copyOf(edges);
    subtasks = List.copyOf(subtasks);
    taskManagers = List.copyOf(taskManagers);
    checkpoints = List.copyOf(checkpoints);
    failures = List.copyOf(failures);
    configuration = Map.copyOf(configuration);
  }

  /** A YARN container: its id, host and its NodeManager's web address (host:port, may be empty). */
  public record Container(String id, String host, String nodeHttpAddress) {}

  /** A task of the plan: a chain of operators. */
  public record Vertex(int id, String name, int parallelism, List<String> operators, boolean source) {
    public Vertex {
      operators = List.copyOf(operators);
    }
  }

  /** Records flow from one vertex to another, partitioned so. */
  public record Edge(int source, int target, String partitioning) {}

  /** A subtask and its latest metrics (null before its first heartbeat). */
  public record Subtask(int vertexId, int index, String state, String taskManagerId, TaskMetrics metrics) {}

  /** A TaskManager and its container. */
  public record TaskManager(String id, Container container, int slots, boolean registered, boolean ended) {}

  /** A failure of the job or of one of its tasks, newest last. */
  public record Failure(long timeMillis, String task, String message, String stackTrace) {}

  /** A view before the job exists (the plan is being built) or after it could not start. */
  public static JobView placeholder(String applicationId, int applicationAttempt, String state,
      Map<String, String> configuration) {
    long now = System.currentTimeMillis();
    return new JobView(applicationId, applicationAttempt, "", "", state, 0, now, now, -1, 0, 0, 0, "",
        new Container("", "", ""), List.of(), List.of(), List.of(), List.of(), 0, List.of(), 0, 0, List.of(),
        redacted(configuration), null);
  }

  /** This view with the ApplicationMaster's own container and user, which only its main() knows. */
  public JobView withJobManager(Container container, String containerUser) {
    return new JobView(applicationId, applicationAttempt, jobId, jobName, state, progress, startMillis, nowMillis,
        allRunningAfterMillis, executionAttempt, restarts, slotsPerTaskManager, containerUser, container, vertices, edges,
        subtasks, taskManagers, checkpointIntervalMillis, checkpoints, checkpointsCompleted, checkpointsFailed, failures,
        configuration, pendingResources);
  }

  /** The plan's tasks: each a chain of operators. */
  public static List<Vertex> vertices(JobGraph graph) {
    List<Vertex> vertices = new ArrayList<>();
    for (JobVertex v : graph.vertices()) {
      vertices.add(new Vertex(v.id(), v.name(), v.parallelism(), v.operators().stream().map(StreamNode::name).toList(),
          v.isSource()));
    }
    return vertices;
  }

  /** The plan's edges between tasks (edges inside a chain are not shown). */
  public static List<Edge> edges(JobGraph graph) {
    List<Edge> edges = new ArrayList<>();
    for (JobVertex v : graph.vertices()) {
      for (StreamEdge e : v.outputs()) {
        edges.add(new Edge(v.id(), graph.vertexOf(e.target()).id(), e.partitioning().kind().name()));
      }
    }
    return edges;
  }

  private static final List<String> SENSITIVE = List.of("password", "secret", "token", "credential", "apikey",
      "api-key", "auth-params", "private-key", "account.key");

  /** The configuration with the values of keys that look sensitive (passwords, secrets, keys, tokens) masked. */
  public static Map<String, String> redacted(Map<String, String> configuration) {
    Map<String, String> shown = new TreeMap<>();
    configuration.forEach((key, value) -> {
      String k = key.toLowerCase(Locale.ROOT);
      shown.put(key, SENSITIVE.stream().anyMatch(k::contains) ? "******" : value);
    });
    return shown;
  }
}
