package io.weft.appmaster.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.core.rpc.MetricScope;
import io.weft.core.rpc.MetricValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusRendererTest {
  private static MetricScope operator(String tm, int subtask, long count) {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("job_id", "abc");
    vars.put("task_name", "Map -> Sink");
    vars.put("subtask_index", Integer.toString(subtask));
    vars.put("operator_name", "Map");
    vars.put("tm_id", tm);
    return new MetricScope("taskmanager_job_task_operator", vars, List.of(MetricValue.counter("numRecordsIn", count),
        new MetricValue("numRecordsInPerSecond", MetricValue.Kind.METER, new double[] {12.5, count})));
  }

  private static MetricScope jvm(String tm) {
    return new MetricScope("taskmanager", Map.of("tm_id", tm),
        List.of(MetricValue.gauge("Status.JVM.GarbageCollector.G1 Young Generation.Count", 3)));
  }

  @Test
  void namesAndLabelsAreFlinksWithTheWeftPrefixAndFamiliesStayTogether() {
    MetricStore store = new MetricStore();
    store.accept("tm-1", List.of(jvm("tm-1"), operator("tm-1", 0, 10)), 1000);
    store.accept("tm-2", List.of(jvm("tm-2"), operator("tm-2", 1, 32)), 1000);
    StringBuilder out = new StringBuilder();
    PrometheusRenderer.render(store.current(1000), "application_1_0001", "My \"job\"", out);
    String expected = """
        # HELP weft_taskmanager_Status_JVM_GarbageCollector_G1_Young_Generation_Count Status.JVM.GarbageCollector.G1 Young Generation.Count (scope taskmanager)
        # TYPE weft_taskmanager_Status_JVM_GarbageCollector_G1_Young_Generation_Count gauge
        weft_taskmanager_Status_JVM_GarbageCollector_G1_Young_Generation_Count{application="application_1_0001",tm_id="tm-1"} 3
        weft_taskmanager_Status_JVM_GarbageCollector_G1_Young_Generation_Count{application="application_1_0001",tm_id="tm-2"} 3
        # HELP weft_taskmanager_job_task_operator_numRecordsIn numRecordsIn (scope taskmanager_job_task_operator)
        # TYPE weft_taskmanager_job_task_operator_numRecordsIn gauge
        weft_taskmanager_job_task_operator_numRecordsIn{application="application_1_0001",job_name="My \\"job\\"",job_id="abc",task_name="Map -> Sink",subtask_index="0",operator_name="Map",tm_id="tm-1"} 10
        weft_taskmanager_job_task_operator_numRecordsIn{application="application_1_0001",job_name="My \\"job\\"",job_id="abc",task_name="Map -> Sink",subtask_index="1",operator_name="Map",tm_id="tm-2"} 32
        # HELP weft_taskmanager_job_task_operator_numRecordsInPerSecond numRecordsInPerSecond (scope taskmanager_job_task_operator)
        # TYPE weft_taskmanager_job_task_operator_numRecordsInPerSecond gauge
        weft_taskmanager_job_task_operator_numRecordsInPerSecond{application="application_1_0001",job_name="My \\"job\\"",job_id="abc",task_name="Map -> Sink",subtask_index="0",operator_name="Map",tm_id="tm-1"} 12.5
        weft_taskmanager_job_task_operator_numRecordsInPerSecond{application="application_1_0001",job_name="My \\"job\\"",job_id="abc",task_name="Map -> Sink",subtask_index="1",operator_name="Map",tm_id="tm-2"} 12.5
        """;
    assertEquals(expected, out.toString());
  }

  @Test
  void histogramsAreSummariesAndOddValuesAreSpelledAsPrometheusReadsThem() {
    double[] figures = {4, 1, 9, 5, 3.5, 5, 7, 9, 9, 9, 9};
    MetricScope scope = new MetricScope("taskmanager_job_task_operator_my-group", Map.of("tm_id", "t\n1"),
        List.of(new MetricValue("latency", MetricValue.Kind.HISTOGRAM, figures),
            MetricValue.gauge("wm", Double.NaN), MetricValue.gauge("inf", Double.NEGATIVE_INFINITY)));
    MetricStore store = new MetricStore();
    store.accept("t1", List.of(scope), 0);
    StringBuilder out = new StringBuilder();
    PrometheusRenderer.render(store.current(0), "app", "job", out);
    String text = out.toString();
    assertTrue(text.contains("# TYPE weft_taskmanager_job_task_operator_my_group_latency summary\n"), text);
    assertTrue(text.contains("weft_taskmanager_job_task_operator_my_group_latency{application=\"app\",tm_id=\"t\\n1\","
        + "quantile=\"0.5\"} 5\n"), text);
    assertTrue(text.contains("_latency{application=\"app\",tm_id=\"t\\n1\",quantile=\"0.999\"} 9\n"), text);
    assertTrue(text.contains("weft_taskmanager_job_task_operator_my_group_latency_count{application=\"app\","
        + "tm_id=\"t\\n1\"} 4\n"), text);
    assertTrue(text.contains("_wm{application=\"app\",tm_id=\"t\\n1\"} NaN\n"), text);
    assertTrue(text.contains("_inf{application=\"app\",tm_id=\"t\\n1\"} -Inf\n"), text);
    assertTrue(!text.contains("job_name"), "groups outside the job have no job_name: " + text);
  }

  @Test
  void reportsOfTaskManagersNotHeardFromForThirtySecondsAreLeftOut() {
    MetricStore store = new MetricStore();
    store.accept("old", List.of(jvm("old")), 0);
    store.accept("new", List.of(jvm("new")), 20_000);
    assertEquals(List.of("old", "new").size(), store.current(30_000).size());
    assertEquals("new", store.current(30_001).get(0).taskManagerId());
    assertEquals(1, store.current(30_001).size());
  }

  @Test
  void sanitizeKeepsWhatPrometheusAllows() {
    assertEquals("a_b:c_1", PrometheusRenderer.sanitize("a.b:c 1"));
    assertEquals("_9lives", PrometheusRenderer.sanitize("9lives"));
  }
}
