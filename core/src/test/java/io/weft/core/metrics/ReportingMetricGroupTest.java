package io.weft.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.weft.api.metrics.Counter;
import io.weft.api.metrics.DescriptiveStatisticsHistogram;
import io.weft.api.metrics.Gauge;
import io.weft.api.metrics.Histogram;
import io.weft.api.metrics.MeterView;
import io.weft.api.metrics.MetricGroup;
import io.weft.api.metrics.SimpleCounter;
import io.weft.core.rpc.Heartbeat;
import io.weft.core.rpc.MetricScope;
import io.weft.core.rpc.MetricValue;
import io.weft.core.rpc.RpcCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportingMetricGroupTest {
  private static ReportingMetricGroup operator() {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("job_id", "j1");
    vars.put("operator_name", "Map");
    return new ReportingMetricGroup("taskmanager_job_task_operator", new String[] {"j1", "Map"}, vars);
  }

  private static List<MetricScope> snapshot(ReportingMetricGroup g) {
    List<MetricScope> out = new ArrayList<>();
    g.snapshot(Map.of("tm_id", "tm-1"), out);
    return out;
  }

  @Test
  void groupsNameTheirMetricsAndKeyValueGroupsAddALabel() {
    ReportingMetricGroup g = operator();
    g.counter("plain").inc(2);
    MetricGroup nested = g.addGroup("cache").addGroup("region", "eu");
    nested.counter("hits").inc(5);
    assertEquals("j1.Map.cache.region.eu.hits", nested.getMetricIdentifier("hits"));
    assertSame(nested, g.addGroup("cache").addGroup("region", "eu"), "asking again gives the same group");
    g.addGroup("cache").addGroup("region", "us").counter("hits").inc(1);
    assertEquals(Map.of("job_id", "j1", "operator_name", "Map", "region", "eu"), nested.getAllVariables());

    List<MetricScope> scopes = snapshot(g);
    assertEquals(3, scopes.size());
    assertEquals("taskmanager_job_task_operator", scopes.get(0).scope());
    assertEquals(List.of("job_id", "operator_name", "tm_id"), List.copyOf(scopes.get(0).variables().keySet()));
    assertEquals(MetricValue.counter("plain", 2), scopes.get(0).metric("plain"));
    assertEquals("taskmanager_job_task_operator_cache_region", scopes.get(1).scope());
    assertEquals("eu", scopes.get(1).variables().get("region"));
    assertEquals(5.0, scopes.get(1).metric("hits").value());
  }

  @Test
  void everyKindIsReported() {
    ReportingMetricGroup g = operator();
    SimpleCounter events = new SimpleCounter();
    MeterView meter = g.meter("rate", new MeterView(events, 5));
    Histogram h = g.histogram("latency", new DescriptiveStatisticsHistogram(100));
    g.gauge("ratio", (Gauge<Double>) () -> 0.25);
    g.gauge("on", (Gauge<Boolean>) () -> true);
    g.gauge("text", (Gauge<String>) () -> "not a number");
    g.gauge("nothing", (Gauge<Long>) () -> null);
    g.gauge("broken", (Gauge<Long>) () -> {
      throw new IllegalStateException("user code");
    });
    for (long v = 1; v <= 100; v++) {
      h.update(v);
    }
    meter.update(0);
    events.inc(30);
    meter.update(3_000_000_000L);
    MetricScope s = snapshot(g).get(0);
    assertEquals(10.0, s.metric("rate").value(0), 1e-9);
    assertEquals(30.0, s.metric("rate").value(1));
    assertEquals(0.25, s.metric("ratio").value());
    assertEquals(1.0, s.metric("on").value());
    assertNull(s.metric("text"), "non-numeric gauges are left out, as Flink's Prometheus reporter does");
    assertNull(s.metric("nothing"));
    assertNull(s.metric("broken"), "a failing gauge does not stop the report");
    MetricValue latency = s.metric("latency");
    assertEquals(MetricValue.Kind.HISTOGRAM, latency.kind());
    assertEquals(100.0, latency.value(0)); // count
    assertEquals(1.0, latency.value(1)); // min
    assertEquals(100.0, latency.value(2)); // max
    assertEquals(50.5, latency.value(3), 1e-9); // mean
    assertEquals(50.5, latency.value(5), 1e-9); // p50
    assertEquals(99.99, latency.value(9), 1e-9); // p99: (101 * 0.99) = 99.99
  }

  @Test
  void aSecondMetricOfTheSameNameIsNotReported() {
    ReportingMetricGroup g = operator();
    Counter first = g.counter("n");
    first.inc();
    Counter second = g.counter("n", new SimpleCounter());
    second.inc(100);
    assertSame(first, g.counter("n", first));
    assertEquals(1.0, snapshot(g).get(0).metric("n").value());
    assertThrows(IllegalArgumentException.class, () -> g.counter(" "));
  }

  @Test
  void metricsTravelOnTheHeartbeatThroughTheCodec() throws Exception {
    ReportingMetricGroup g = operator();
    g.counter("n").inc(7);
    g.histogram("h", new DescriptiveStatisticsHistogram(10)).update(3);
    g.addGroup("topic", "clicks").gauge("lag", (Gauge<Long>) () -> 12L);
    g.gauge("nan", (Gauge<Double>) () -> Double.NaN);
    Heartbeat heartbeat = new Heartbeat("tm-1", 42, List.of(), snapshot(g));
    Heartbeat back = (Heartbeat) RpcCodec.decode(RpcCodec.encode(heartbeat));
    assertEquals(heartbeat, back);
    assertEquals("clicks", back.metrics().get(1).variables().get("topic"));
    assertEquals(12.0, back.metrics().get(1).metric("lag").value());
  }

  @Test
  void aMetricValueHasTheValuesItsKindNeeds() {
    assertThrows(IllegalArgumentException.class, () -> new MetricValue("m", MetricValue.Kind.METER, new double[1]));
  }
}
