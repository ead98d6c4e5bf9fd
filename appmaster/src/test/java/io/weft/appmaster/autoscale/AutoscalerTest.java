package io.weft.appmaster.autoscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.source.GeneratorSource;
import io.weft.appmaster.metrics.MetricStore;
import io.weft.core.config.Configuration;
import io.weft.core.plan.JobGraph;
import io.weft.core.rpc.MetricScope;
import io.weft.core.rpc.MetricValue;
import io.weft.core.types.TypeInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The autoscaler's loop on a real plan, fed metric reports in the form TaskManagers send them
 * (scopes {@code taskmanager_job_task} and {@code taskmanager_job_task_operator}), with a clock and
 * a rescale it controls.
 */
class AutoscalerTest {
  private static final String JOB = "job_1_0001";

  private JobGraph graph;
  private int source;
  private int map;
  private long now;
  private boolean steady = true;
  private final List<MetricStore.Report> reports = new ArrayList<>();
  private final List<Map<Integer, Integer>> rescales = new ArrayList<>();
  private CompletableFuture<String> pendingRescale;
  private Autoscaler autoscaler;
  /** Counters as the subtasks have them: per task, per subtask, records in and out. */
  private final Map<Integer, double[][]> counters = new LinkedHashMap<>();

  @BeforeEach
  void plan() {
    build(Duration.ofSeconds(20));
  }

  private void build(Duration stabilization) {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment(new Configuration());
    env.fromSource(new GeneratorSource<>(i -> i, Long.MAX_VALUE), "endless", TypeInfo.of(Long.class)).setParallelism(2)
        .rebalance().map(x -> x).name("copy").setParallelism(2).print().setParallelism(2);
    graph = env.buildJobGraph("endless job");
    source = graph.vertices().get(0).id();
    map = graph.vertices().get(1).id();
    Configuration conf = new Configuration();
    conf.set(AutoscalerOptions.ENABLED, true);
    conf.set(AutoscalerOptions.EVALUATION_INTERVAL, Duration.ofSeconds(10));
    conf.set(AutoscalerOptions.METRICS_WINDOW, Duration.ofSeconds(60));
    conf.set(AutoscalerOptions.STABILIZATION_INTERVAL, stabilization);
    conf.set(AutoscalerOptions.TARGET_UTILIZATION_BOUNDARY, 0.1);
    autoscaler = new Autoscaler(JOB, conf, 1, () -> graph, () -> reports, () -> steady, target -> {
      rescales.add(target);
      pendingRescale = new CompletableFuture<>();
      return pendingRescale;
    }, () -> now);
    counters.put(source, new double[2][2]);
    counters.put(map, new double[2][2]);
  }

  /** {@code seconds} pass: each task's subtasks count their share of the rates; their reports arrive; one evaluation. */
  private void tick(int seconds, double sourceOut, double sourceBusy, double mapIn, double mapBusy, double pending) {
    now += seconds * 1000L;
    reports.clear();
    List<MetricScope> scopes = new ArrayList<>();
    for (int subtask = 0; subtask < 2; subtask++) {
      double[] s = counters.get(source)[subtask];
      s[1] += sourceOut / 2 * seconds;
      scopes.add(task(source, subtask, s, sourceBusy));
      if (pending >= 0) {
        scopes.add(new MetricScope("taskmanager_job_task_operator", vars(source, subtask),
            List.of(MetricValue.gauge("pendingRecords", pending / 2))));
      }
      double[] m = counters.get(map)[subtask];
      m[0] += mapIn / 2 * seconds;
      m[1] += mapIn / 2 * seconds;
      scopes.add(task(map, subtask, m, mapBusy));
    }
    reports.add(new MetricStore.Report("tm-1", now, scopes));
    autoscaler.evaluate();
  }

  private static Map<String, String> vars(int task, int subtask) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("job_id", JOB);
    v.put("task_id", Integer.toString(task));
    v.put("subtask_index", Integer.toString(subtask));
    return v;
  }

  private static MetricScope task(int task, int subtask, double[] inOut, double busy) {
    return new MetricScope("taskmanager_job_task", vars(task, subtask), List.of(
        MetricValue.counter("numRecordsIn", (long) inOut[0]), MetricValue.counter("numRecordsOut", (long) inOut[1]),
        MetricValue.gauge("busyTimeMsPerSecond", busy * 1000)));
  }

  private VertexDecision decision(int task) {
    return autoscaler.status().decisions().stream().filter(d -> d.vertexId() == task).findFirst().orElseThrow();
  }

  @Test
  void scalesTheBottleneckUpOnceTheWindowIsFullAndTheDecisionHeld() {
    tick(0, 1000, 0.7, 1000, 0.95, -1);
    for (int i = 0; i < 5; i++) {
      tick(10, 1000, 0.7, 1000, 0.95, -1);
      assertTrue(autoscaler.status().state().startsWith("collecting metrics"), autoscaler.status().state());
    }
    tick(10, 1000, 0.7, 1000, 0.95, -1); // 60 s: a whole window
    VertexDecision copy = decision(map);
    assertEquals(1000, copy.processedPerSecond(), 1e-6);
    assertEquals(1000.0 / 2 / 0.95, copy.trueRatePerSubtask(), 1e-6);
    assertEquals(3, copy.newParallelism(), copy.describe()); // ceil(0.95 * 2 / 0.7)
    assertEquals(2, decision(source).newParallelism(), decision(source).describe()); // at 0.7 exactly
    assertTrue(rescales.isEmpty(), "the decision must hold 20 s first");
    tick(10, 1000, 0.7, 1000, 0.95, -1);
    assertTrue(rescales.isEmpty());
    assertTrue(autoscaler.status().state().contains("held for 10 s"), autoscaler.status().state());
    tick(10, 1000, 0.7, 1000, 0.95, -1);
    assertEquals(List.of(Map.of(map, 3)), rescales);
    assertEquals(1, autoscaler.status().actions().size());
    Autoscaler.Action started = autoscaler.status().actions().get(0);
    assertEquals(Map.of(map, 3), started.parallelism());
    assertEquals(null, started.outcome(), "under way");

    // While it rescales nothing is collected or decided.
    steady = false;
    tick(10, 1000, 0.7, 1000, 0.95, -1);
    assertEquals("rescaling", autoscaler.status().state());
    assertEquals(1, rescales.size());
    pendingRescale.complete("job rescaled");
    assertTrue(autoscaler.status().lastAction().contains("rescaled task(s) {" + map + "=3}"),
        autoscaler.status().lastAction());
    // The log keeps the action with the evaluation it acted on, after later evaluations replaced the latest one.
    Autoscaler.Action done = autoscaler.status().actions().get(0);
    assertEquals(1, autoscaler.status().actions().size());
    assertEquals(autoscaler.status().lastAction(), done.outcome());
    VertexDecision input = done.decisions().stream().filter(d -> d.vertexId() == map).findFirst().orElseThrow();
    assertEquals(3, input.newParallelism());
    assertEquals(0.95, input.utilization(), 1e-9);
    tick(10, 1000, 0.7, 1000, 0.95, -1);
    assertTrue(autoscaler.status().state().startsWith("waiting for every task"), autoscaler.status().state());
  }

  @Test
  void aDecisionThatDoesNotHoldIsNotActedOn() {
    build(Duration.ofSeconds(60));
    tick(0, 1000, 0.7, 1000, 0.95, -1);
    for (int i = 0; i < 6; i++) {
      tick(10, 1000, 0.7, 1000, 0.95, -1);
    }
    assertEquals(3, decision(map).newParallelism());
    // The load falls back: the window's mean busy time comes inside the margin at 90 s, the hold starts over.
    for (int i = 0; i < 12; i++) {
      tick(10, 1000, 0.7, 1000, 0.65, -1);
    }
    assertEquals(2, decision(map).newParallelism(), decision(map).describe());
    assertTrue(rescales.isEmpty(), "never acted: " + rescales);
  }

  @Test
  void aRefusedRescaleIsShownAndTheWindowStartsOver() {
    tick(0, 1000, 0.7, 1000, 0.2, -1);
    for (int i = 0; i < 8; i++) {
      tick(10, 1000, 0.7, 1000, 0.2, -1);
    }
    assertEquals(List.of(Map.of(map, 1)), rescales); // 1000/2/0.2 = 2500 per subtask: 1 is enough
    pendingRescale.completeExceptionally(new IllegalStateException("no checkpoint"));
    assertTrue(autoscaler.status().lastAction().contains("refused"), autoscaler.status().lastAction());
    tick(10, 1000, 0.7, 1000, 0.2, -1);
    assertTrue(autoscaler.status().state().startsWith("collecting metrics: 0 s"), autoscaler.status().state());
  }

  @Test
  void aSourceBacklogRaisesItsTarget() {
    tick(0, 1000, 0.5, 1000, 0.5, 300_000);
    for (int i = 0; i < 6; i++) {
      tick(10, 1000, 0.5, 1000, 0.5, 300_000);
    }
    // 1000/s read, backlog steady at 300 000, caught up within the default 5 min: 1000 + 1000 per second.
    assertEquals(2000, decision(source).targetRate(), 1e-6, decision(source).describe());
    assertEquals(2000, decision(map).targetRate(), 1e-6);
    assertEquals(3, decision(source).newParallelism(), decision(source).describe()); // ceil(2000 / (1000 * 0.7))
  }

  @Test
  void countersThatGoDownStartTheWindowOver() {
    tick(0, 1000, 0.7, 1000, 0.7, -1);
    for (int i = 0; i < 4; i++) {
      tick(10, 1000, 0.7, 1000, 0.7, -1);
    }
    counters.put(map, new double[2][2]); // the map's subtasks restarted from zero
    tick(10, 1000, 0.7, 1000, 0.7, -1);
    assertTrue(autoscaler.status().state().startsWith("collecting metrics: 0 s"), autoscaler.status().state());
  }

  @Test
  void reportsOfOtherJobsAndOfSubtasksBeyondTheParallelismAreIgnored() {
    MetricScope other = new MetricScope("taskmanager_job_task", Map.of("job_id", "job_other", "task_id",
        Integer.toString(map), "subtask_index", "0"), List.of(MetricValue.counter("numRecordsIn", 1_000_000)));
    MetricScope beyond = new MetricScope("taskmanager_job_task", Map.of("job_id", JOB, "task_id",
        Integer.toString(map), "subtask_index", "5"), List.of(MetricValue.counter("numRecordsIn", 1_000_000)));
    LoadWindow.Sample s = LoadWindow.sample(0, JOB, graph, List.of(new MetricStore.Report("tm", 0,
        List.of(other, beyond))));
    assertTrue(s.tasks().isEmpty(), s.toString());
  }
}
