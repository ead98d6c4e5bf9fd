package io.weft.appmaster.autoscale;

import io.weft.appmaster.metrics.MetricStore;
import io.weft.core.plan.JobGraph;
import io.weft.core.plan.JobVertex;
import io.weft.core.plan.Partitioning;
import io.weft.core.plan.StreamEdge;
import io.weft.core.rpc.MetricScope;
import io.weft.core.rpc.MetricValue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tasks' metrics over the last window, sampled from the TaskManagers' heartbeat reports: per task,
 * the records in and out its subtasks counted ({@code numRecordsIn/Out}), their busy time
 * ({@code busyTimeMsPerSecond}) and, for sources, their backlog ({@code pendingRecords} of the
 * operator group, Kafka's lag). Rates are the counters' growth between the window's first and last
 * sample, busy time the mean of all samples. A counter that went down (a restart, a rescale) starts
 * the window over. Event thread only.
 */
public final class LoadWindow {
  /** One task's sums over its subtasks at one sample. */
  record TaskSums(double recordsIn, double recordsOut, double busySum, int subtasks, double pending) {}

  record Sample(long atMillis, Map<Integer, TaskSums> tasks) {}

  private final long windowMillis;
  private final Deque<Sample> samples = new ArrayDeque<>();
  private long collectingSince = -1;

  public LoadWindow(long windowMillis) {
    this.windowMillis = windowMillis;
  }

  /** Forgets every sample: the next window starts at the next {@link #add}. */
  public void reset() {
    samples.clear();
    collectingSince = -1;
  }

  /** Whether a whole window of samples was collected since the last {@link #reset}. */
  public boolean full(long nowMillis) {
    return collectingSince >= 0 && nowMillis - collectingSince >= windowMillis && samples.size() >= 2;
  }

  /** How long samples have been collected, ms (-1: none yet). */
  public long collectedMillis(long nowMillis) {
    return collectingSince < 0 ? -1 : nowMillis - collectingSince;
  }

  /** Adds a sample of {@code graph}'s tasks from the reports of job {@code jobId}. */
  public void add(long nowMillis, String jobId, JobGraph graph, List<MetricStore.Report> reports) {
    Sample sample = sample(nowMillis, jobId, graph, reports);
    Sample last = samples.peekLast();
    if (last != null && wentDown(last, sample)) {
      reset();
    }
    if (collectingSince < 0) {
      collectingSince = nowMillis;
    }
    samples.addLast(sample);
    while (samples.size() > 2 && samples.peekFirst().atMillis() < nowMillis - windowMillis) {
      samples.removeFirst();
    }
  }

  static Sample sample(long nowMillis, String jobId, JobGraph graph, List<MetricStore.Report> reports) {
    Map<Integer, double[]> sums = new HashMap<>(); // in, out, busy, subtasks, pending (-1: none)
    for (MetricStore.Report r : reports) {
      for (MetricScope s : r.scopes()) {
        Map<String, String> vars = s.variables();
        if (!jobId.equals(vars.get("job_id"))) {
          continue;
        }
        Integer task = parse(vars.get("task_id"));
        Integer subtask = parse(vars.get("subtask_index"));
        if (task == null || subtask == null || graph.vertex(task) == null
            || subtask >= graph.vertex(task).parallelism()) {
          continue;
        }
        double[] t = sums.computeIfAbsent(task, k -> new double[] {0, 0, 0, 0, -1});
        if (s.scope().equals("taskmanager_job_task")) {
          t[0] += value(s, "numRecordsIn");
          t[1] += value(s, "numRecordsOut");
          t[2] += value(s, "busyTimeMsPerSecond") / 1000.0;
          t[3] += 1;
        } else if (s.scope().equals("taskmanager_job_task_operator") && s.metric("pendingRecords") != null) {
          t[4] = Math.max(0, t[4]) + value(s, "pendingRecords");
        }
      }
    }
    Map<Integer, TaskSums> tasks = new HashMap<>();
    for (Map.Entry<Integer, double[]> e : sums.entrySet()) {
      double[] t = e.getValue();
      if (t[3] > 0) {
        tasks.put(e.getKey(), new TaskSums(t[0], t[1], t[2], (int) t[3], t[4]));
      }
    }
    return new Sample(nowMillis, tasks);
  }

  private static boolean wentDown(Sample before, Sample now) {
    for (Map.Entry<Integer, TaskSums> e : now.tasks().entrySet()) {
      TaskSums b = before.tasks().get(e.getKey());
      if (b != null && (e.getValue().recordsIn() < b.recordsIn() || e.getValue().recordsOut() < b.recordsOut()
          || e.getValue().subtasks() != b.subtasks())) {
        return true;
      }
    }
    return false;
  }

  /** Every task of {@code graph} with metrics at both ends of the window. */
  public List<VertexLoad> loads(JobGraph graph) {
    List<VertexLoad> out = new ArrayList<>();
    if (samples.size() < 2) {
      return out;
    }
    Sample first = samples.peekFirst();
    Sample last = samples.peekLast();
    double seconds = (last.atMillis() - first.atMillis()) / 1000.0;
    for (JobVertex v : graph.vertices()) {
      TaskSums a = first.tasks().get(v.id());
      TaskSums b = last.tasks().get(v.id());
      if (a == null || b == null || seconds <= 0) {
        continue;
      }
      double busy = 0;
      int n = 0;
      for (Sample s : samples) {
        TaskSums t = s.tasks().get(v.id());
        if (t != null) {
          busy += t.busySum() / t.subtasks();
          n++;
        }
      }
      List<Integer> inputs = new ArrayList<>();
      for (StreamEdge e : v.inputs()) {
        inputs.add(graph.vertexOf(e.source()).id());
      }
      List<Integer> forwardTo = new ArrayList<>();
      for (StreamEdge e : v.outputs()) {
        if (e.partitioning().kind() == Partitioning.Kind.FORWARD) {
          forwardTo.add(graph.vertexOf(e.target()).id());
        }
      }
      double growth = a.pending() >= 0 && b.pending() >= 0 ? (b.pending() - a.pending()) / seconds : 0;
      int keyGroups = Integer.MAX_VALUE;
      for (io.weft.core.plan.StreamNode node : v.operators()) {
        keyGroups = Math.min(keyGroups, node.maxParallelism());
      }
      out.add(new VertexLoad(v.id(), v.name(), v.isSource(), v.parallelism(), keyGroups, inputs, forwardTo,
          Math.min(1.0, busy / n), (b.recordsIn() - a.recordsIn()) / seconds, (b.recordsOut() - a.recordsOut()) / seconds,
          b.pending(), growth));
    }
    return out;
  }

  private static double value(MetricScope s, String name) {
    MetricValue m = s.metric(name);
    return m == null || Double.isNaN(m.value()) ? 0 : m.value();
  }

  private static Integer parse(String s) {
    try {
      return s == null ? null : Integer.valueOf(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
