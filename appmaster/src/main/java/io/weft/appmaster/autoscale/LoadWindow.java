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
 * The tasks' metrics over the last window, sampled from the TaskManagers' heartbeat reports: per
 * subtask, the records in and out it counted ({@code numRecordsIn/Out}), its busy time
 * ({@code busyTimeMsPerSecond}) and, for sources, its backlog ({@code pendingRecords} of the
 * operator group, Kafka's lag). Each subtask's figures are timed by the arrival of the report that
 * carried them, not by the sample: TaskManagers report every few seconds, the autoscaler samples on
 * its own interval, and a rate over the sample times would be off by up to a report interval of
 * counts (a third of a 15 s window at 5 s reports), differently for each TaskManager. So a task's
 * rate is the sum over its subtasks of each one's counter growth over the time between its first
 * and last report in the window; its busy ratio is the mean, over its subtasks, of the busy time the
 * reports after the first carried (each report once: they cover exactly that span). A counter that
 * went down (a restart, a rescale) starts the window over. Event thread only.
 */
public final class LoadWindow {
  /** One subtask's figures from the report that arrived at {@code atMillis}; pending -1: none reported. */
  record Figures(long atMillis, double recordsIn, double recordsOut, double busy, double pending) {}

  /** One task's subtasks (by index) at one sample. */
  record TaskSums(Map<Integer, Figures> subtasks) {}

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
    Map<Integer, Map<Integer, double[]>> figures = new HashMap<>(); // in, out, busy, seen, pending (-1: none), at
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
        double[] f = figures.computeIfAbsent(task, k -> new HashMap<>())
            .computeIfAbsent(subtask, k -> new double[] {0, 0, 0, 0, -1, r.receivedAtMillis()});
        if (s.scope().equals("taskmanager_job_task")) {
          f[0] = value(s, "numRecordsIn");
          f[1] = value(s, "numRecordsOut");
          f[2] = value(s, "busyTimeMsPerSecond") / 1000.0;
          f[3] = 1;
        } else if (s.scope().equals("taskmanager_job_task_operator") && s.metric("pendingRecords") != null) {
          f[4] = Math.max(0, f[4]) + value(s, "pendingRecords");
        }
      }
    }
    Map<Integer, TaskSums> tasks = new HashMap<>();
    for (Map.Entry<Integer, Map<Integer, double[]>> e : figures.entrySet()) {
      Map<Integer, Figures> subtasks = new HashMap<>();
      e.getValue().forEach((subtask, f) -> {
        if (f[3] > 0) {
          subtasks.put(subtask, new Figures((long) f[5], f[0], f[1], f[2], f[4]));
        }
      });
      if (!subtasks.isEmpty()) {
        tasks.put(e.getKey(), new TaskSums(subtasks));
      }
    }
    return new Sample(nowMillis, tasks);
  }

  private static boolean wentDown(Sample before, Sample now) {
    for (Map.Entry<Integer, TaskSums> e : now.tasks().entrySet()) {
      TaskSums b = before.tasks().get(e.getKey());
      if (b == null) {
        continue;
      }
      if (!e.getValue().subtasks().keySet().equals(b.subtasks().keySet())) {
        return true;
      }
      for (Map.Entry<Integer, Figures> s : e.getValue().subtasks().entrySet()) {
        Figures was = b.subtasks().get(s.getKey());
        if (s.getValue().recordsIn() < was.recordsIn() || s.getValue().recordsOut() < was.recordsOut()) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Every task of {@code graph} with at least one subtask reported twice within the window (a
   * subtask not yet reported twice adds nothing to the rates: its span is unknown).
   */
  public List<VertexLoad> loads(JobGraph graph) {
    List<VertexLoad> out = new ArrayList<>();
    if (samples.size() < 2) {
      return out;
    }
    Sample first = samples.peekFirst();
    Sample last = samples.peekLast();
    for (JobVertex v : graph.vertices()) {
      TaskSums a = first.tasks().get(v.id());
      TaskSums b = last.tasks().get(v.id());
      if (a == null || b == null) {
        continue;
      }
      double in = 0;
      double outRate = 0;
      double busy = 0;
      int timed = 0;
      double pending = -1;
      double growth = 0;
      for (Map.Entry<Integer, Figures> e : b.subtasks().entrySet()) {
        Figures from = a.subtasks().get(e.getKey());
        Figures to = e.getValue();
        if (to.pending() >= 0) {
          pending = Math.max(0, pending) + to.pending();
        }
        if (from == null || to.atMillis() <= from.atMillis()) {
          continue;
        }
        double seconds = (to.atMillis() - from.atMillis()) / 1000.0;
        in += (to.recordsIn() - from.recordsIn()) / seconds;
        outRate += (to.recordsOut() - from.recordsOut()) / seconds;
        if (from.pending() >= 0 && to.pending() >= 0) {
          growth += (to.pending() - from.pending()) / seconds;
        }
        busy += meanBusyAfter(v.id(), e.getKey(), from.atMillis());
        timed++;
      }
      if (timed == 0) {
        continue;
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
      int keyGroups = Integer.MAX_VALUE;
      for (io.weft.core.plan.StreamNode node : v.operators()) {
        keyGroups = Math.min(keyGroups, node.maxParallelism());
      }
      out.add(new VertexLoad(v.id(), v.name(), v.isSource(), v.parallelism(), keyGroups, inputs, forwardTo,
          Math.min(1.0, busy / timed), in, outRate, pending, growth));
    }
    return out;
  }

  /**
   * The mean busy ratio of the distinct reports of one subtask that arrived after {@code afterMillis}:
   * each report's busy time covers the interval since the one before, so these cover the rates' span.
   */
  private double meanBusyAfter(int task, int subtask, long afterMillis) {
    Map<Long, Double> byReport = new HashMap<>();
    for (Sample s : samples) {
      TaskSums t = s.tasks().get(task);
      Figures f = t == null ? null : t.subtasks().get(subtask);
      if (f != null && f.atMillis() > afterMillis) {
        byReport.put(f.atMillis(), f.busy());
      }
    }
    double sum = 0;
    for (double b : byReport.values()) {
      sum += b;
    }
    return byReport.isEmpty() ? 0 : sum / byReport.size();
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
