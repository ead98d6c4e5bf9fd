package io.weft.appmaster;

import io.weft.appmaster.metrics.TaskMetrics;
import io.weft.appmaster.web.JobView;
import io.weft.core.plan.JobGraph;
import io.weft.core.rpc.Heartbeat;
import io.weft.core.rpc.TaskState;
import io.weft.core.rpc.TaskStateChanged;
import io.weft.core.rpc.TaskStatus;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the job's progress looks like from outside: each subtask's latest counters from its
 * TaskManager's heartbeats and the latest failures, for the web UI, and the progress YARN shows.
 * Kept apart from the JobManager, which decides what happens to the job, because none of this
 * changes a decision.
 *
 * <p>Event thread only, but for {@link #value()}: the AMRM client reads it on its own heartbeat.
 */
final class JobProgress {
  /** The progress shown for a running job that has no end. */
  static final float UNBOUNDED_PROGRESS = 0.1f;
  /** The most failures kept for the web UI. */
  private static final int MAX_FAILURES = 20;

  private final JobGraph graph;
  /** The JobManager's task table: read here, changed only by the JobManager. */
  private final Map<TaskKey, TaskState> taskStates;
  private final Map<TaskKey, TaskMetrics> metrics = new HashMap<>();
  /** The latest failures, for the web UI; bounded. */
  private final ArrayDeque<JobView.Failure> failures = new ArrayDeque<>();
  private volatile float progress;

  JobProgress(JobGraph graph, Map<TaskKey, TaskState> taskStates) {
    this.graph = graph;
    this.taskStates = taskStates;
  }

  float value() {
    return progress;
  }

  /** The subtask's latest counters, or null before its first heartbeat of this execution attempt. */
  TaskMetrics metricsOf(TaskKey key) {
    return metrics.get(key);
  }

  /** Forgets the counters: a new execution attempt's tasks count from zero. */
  void clearMetrics() {
    metrics.clear();
  }

  /**
   * Takes a heartbeat's counters of the job's subtasks. The progress is not updated here: that
   * visits every subtask, and doing it per heartbeat made a heartbeat round cost the square of the
   * TaskManagers; the JobManager updates it every second instead.
   */
  void recordMetrics(Heartbeat heartbeat) {
    for (TaskStatus s : heartbeat.payload()) {
      int slash = s.taskId().indexOf('/');
      TaskKey key;
      try {
        key = new TaskKey(Integer.parseInt(s.taskId().substring(0, slash)),
            Integer.parseInt(s.taskId().substring(slash + 1)));
      } catch (RuntimeException e) {
        continue;
      }
      if (taskStates.containsKey(key)) {
        metrics.put(key, TaskMetrics.next(metrics.get(key), s, heartbeat.timestampMillis()));
      }
    }
  }

  /**
   * Updates the progress YARN shows. A bounded job: 0.9 times the mean share of input its source
   * subtasks have read, plus 0.1 times the share of subtasks finished, so it moves while sources
   * read and reaches 1 when the job ends. A job with an unbounded source has no end to measure
   * against: it shows {@value #UNBOUNDED_PROGRESS} while every task runs.
   *
   * @param allRunningAtMillis when every task was first RUNNING, or -1
   */
  void update(long allRunningAtMillis) {
    if (taskStates.isEmpty()) {
      return;
    }
    double sourceShare = 0;
    int sources = 0;
    boolean unbounded = false;
    for (Map.Entry<TaskKey, TaskState> e : taskStates.entrySet()) {
      if (!graph.vertex(e.getKey().vertexId()).isSource()) {
        continue;
      }
      sources++;
      TaskMetrics m = metrics.get(e.getKey());
      if (e.getValue() == TaskState.FINISHED) {
        sourceShare += 1;
      } else if (m != null && m.status().sourceProgressPermille() >= 0) {
        sourceShare += m.status().sourceProgressPermille() / 1000.0;
      } else if (e.getValue() == TaskState.RUNNING) {
        // No figure: the source has no end, or its first heartbeat has not come yet (as right
        // after a restart or an ApplicationMaster failover). Either way, it runs and there is no
        // share read to show; 0 would say the job stands still.
        unbounded = true;
      }
    }
    long finished = taskStates.values().stream().filter(s -> s == TaskState.FINISHED).count();
    if (unbounded) {
      progress = allRunningAtMillis >= 0 && finished < taskStates.size() ? UNBOUNDED_PROGRESS : progress;
      return;
    }
    double read = sources == 0 ? 0 : sourceShare / sources;
    progress = (float) Math.min(1.0, 0.9 * read + 0.1 * finished / taskStates.size());
  }

  /** Keeps a failure for the web UI: the message, and the stack trace a task's report may carry. */
  void recordFailure(String task, String report) {
    String message = withoutStackTrace(report);
    String stackTrace = message.length() == report.length() ? ""
        : report.substring(message.length() + TaskStateChanged.STACK_TRACE_MARKER.length());
    failures.addLast(new JobView.Failure(System.currentTimeMillis(), task, message, stackTrace));
    while (failures.size() > MAX_FAILURES) {
      failures.removeFirst();
    }
  }

  List<JobView.Failure> failures() {
    return List.copyOf(failures);
  }

  /** The failure's message without the stack trace a task's report may carry. */
  static String withoutStackTrace(String report) {
    int cut = report.indexOf(TaskStateChanged.STACK_TRACE_MARKER);
    return cut < 0 ? report : report.substring(0, cut);
  }
}
