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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The window's rates and busy ratio when the TaskManagers report on their own schedule (every 5 s,
 * at different phases) and the autoscaler samples on another (every 2 s): each subtask's figures
 * are timed by its report, so the rates are the subtasks' true rates whatever the phases.
 */
class LoadWindowTest {
  private static final String JOB = "job_1_0001";

  private JobGraph graph;
  private int map;
  /** The latest report of each TaskManager, as the MetricStore keeps it. */
  private final Map<String, MetricStore.Report> latest = new LinkedHashMap<>();

  @BeforeEach
  void plan() {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment(new Configuration());
    env.fromSource(new GeneratorSource<>(i -> i, Long.MAX_VALUE), "endless", TypeInfo.of(Long.class)).setParallelism(2)
        .rebalance().map(x -> x).name("copy").setParallelism(2).print().setParallelism(2);
    graph = env.buildJobGraph("endless job");
    map = graph.vertices().get(1).id();
  }

  /** TaskManager {@code tm} runs subtask {@code subtask} of the map; its report at {@code atMillis}. */
  private void report(String tm, int subtask, long atMillis, double perSecond, double busy) {
    Map<String, String> vars = Map.of("job_id", JOB, "task_id", Integer.toString(map), "subtask_index",
        Integer.toString(subtask));
    long count = (long) (perSecond * atMillis / 1000);
    latest.put(tm, new MetricStore.Report(tm, atMillis, List.of(new MetricScope("taskmanager_job_task", vars,
        List.of(MetricValue.counter("numRecordsIn", count), MetricValue.counter("numRecordsOut", count),
            MetricValue.gauge("busyTimeMsPerSecond", busy * 1000))))));
  }

  /** Runs from 0 to {@code untilMillis}: tm-1 reports at 0, 5, 10 s..., tm-2 at 2.5, 7.5 s...; samples every 2 s. */
  private LoadWindow run(long windowMillis, long untilMillis, double busyBefore, long busyChangesAt, double busyAfter) {
    LoadWindow window = new LoadWindow(windowMillis);
    for (long t = 0; t <= untilMillis; t += 500) {
      if (t % 5000 == 0) {
        report("tm-1", 0, t, 100, t <= busyChangesAt ? busyBefore : busyAfter);
      }
      if (t % 5000 == 2500) {
        report("tm-2", 1, t, 300, t <= busyChangesAt ? busyBefore : busyAfter);
      }
      if (t % 2000 == 0) {
        window.add(t, JOB, graph, new ArrayList<>(latest.values()));
      }
    }
    return window;
  }

  private VertexLoad copy(LoadWindow window) {
    return window.loads(graph).stream().filter(l -> l.vertexId() == map).findFirst().orElseThrow();
  }

  @Test
  void ratesAreTimedByTheReportsNotByTheSamples() {
    // At 30 s the window holds the samples of 16..30 s: tm-1's reports of 15 and 30 s, tm-2's of 12.5 and 27.5 s.
    // Timed by the samples (14 s) the rate would be (100 * 15 + 300 * 15) / 14 = 429/s instead of 400/s.
    for (long until : new long[] {30_000, 32_000, 34_000, 36_000}) {
      VertexLoad l = copy(run(15_000, until, 0.5, Long.MAX_VALUE, 0.5));
      assertEquals(400, l.recordsInPerSecond(), 1e-9, "at " + until + ": " + l);
      assertEquals(400, l.recordsOutPerSecond(), 1e-9, "at " + until + ": " + l);
      assertEquals(0.5, l.busyRatio(), 1e-9);
    }
  }

  @Test
  void theBusyRatioIsThatOfTheReportsWithinTheRatesSpan() {
    // The busy ratio changes at 20 s: at 40 s, each subtask's reports after its first one in the window are
    // all of after the change (the first one's busy time is of the interval before the window).
    VertexLoad l = copy(run(15_000, 40_000, 0.1, 20_000, 0.9));
    assertEquals(0.9, l.busyRatio(), 1e-9, l.toString());
  }

  @Test
  void aSubtaskReportedOnceInTheWindowAddsNoRate() {
    LoadWindow window = new LoadWindow(15_000);
    report("tm-1", 0, 0, 100, 0.5);
    window.add(1000, JOB, graph, new ArrayList<>(latest.values()));
    window.add(3000, JOB, graph, new ArrayList<>(latest.values()));
    assertTrue(window.loads(graph).isEmpty(), "no span to measure a rate on: " + window.loads(graph));
    report("tm-1", 0, 5000, 100, 0.5);
    window.add(6000, JOB, graph, new ArrayList<>(latest.values()));
    assertEquals(100, copy(window).recordsInPerSecond(), 1e-9);
  }
}
