package io.weft.core.metrics;

import io.weft.api.metrics.Counter;
import io.weft.api.metrics.Gauge;
import io.weft.api.metrics.Histogram;
import io.weft.api.metrics.HistogramStatistics;
import io.weft.api.metrics.Meter;
import io.weft.api.metrics.Metric;
import io.weft.api.metrics.MetricGroup;
import io.weft.api.metrics.SimpleCounter;
import io.weft.api.metrics.View;
import io.weft.core.rpc.MetricScope;
import io.weft.core.rpc.MetricValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MetricGroup} whose metrics are reported: the task's thread registers and updates them,
 * the reporting thread (the TaskManager's heartbeat) reads them with {@link #snapshot}. A group's
 * logical scope starts its metrics' names ({@code taskmanager_job_task_operator}), its variables
 * become labels.
 */
public class ReportingMetricGroup implements MetricGroup {
  private static final Logger LOG = LoggerFactory.getLogger(ReportingMetricGroup.class);

  private final String scope;
  private final String[] components;
  private final Map<String, String> variables;
  private final Map<String, Metric> metrics = Collections.synchronizedMap(new LinkedHashMap<>());
  private final List<ReportingMetricGroup> children = new CopyOnWriteArrayList<>();
  /** The groups {@link #addGroup} made, so asking twice gives the same group (as in Flink). */
  private final Map<String, ReportingMetricGroup> added = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * A root group.
   *
   * @param scope the logical scope, e.g. {@code taskmanager_job_task}
   * @param components the names of the group for {@link #getMetricIdentifier}, e.g. host, tm id, job name, task
   * @param variables the labels of its metrics, in order
   */
  public ReportingMetricGroup(String scope, String[] components, Map<String, String> variables) {
    this.scope = scope;
    this.components = components.clone();
    this.variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
  }

  public String scope() {
    return scope;
  }

  /** A child group with a scope and variables of its own (the runtime's operator groups). */
  public ReportingMetricGroup child(String childScope, String component, Map<String, String> moreVariables) {
    Map<String, String> all = new LinkedHashMap<>(variables);
    all.putAll(moreVariables);
    String[] names = java.util.Arrays.copyOf(components, components.length + 1);
    names[components.length] = component;
    ReportingMetricGroup group = new ReportingMetricGroup(scope + "_" + childScope, names, all);
    children.add(group);
    return group;
  }

  @Override
  public Counter counter(String name) {
    return counter(name, new SimpleCounter());
  }

  @Override
  public <C extends Counter> C counter(String name, C counter) {
    return register(name, counter);
  }

  @Override
  public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
    return register(name, gauge);
  }

  @Override
  public <M extends Meter> M meter(String name, M meter) {
    return register(name, meter);
  }

  @Override
  public <H extends Histogram> H histogram(String name, H histogram) {
    return register(name, histogram);
  }

  private <X extends Metric> X register(String name, X metric) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a metric needs a name (group " + String.join(".", components) + ")");
    }
    if (metric == null) {
      throw new IllegalArgumentException("metric '" + name + "' of group " + String.join(".", components) + " is null");
    }
    Metric before = metrics.putIfAbsent(name, metric);
    if (before != null && before != metric) {
      LOG.warn("Metric '{}' of group {} is registered already; the new one is not reported", name,
          String.join(".", components));
    }
    return metric;
  }

  @Override
  public MetricGroup addGroup(String name) {
    return added.computeIfAbsent("group\0" + name, k -> child(name, name, Map.of()));
  }

  @Override
  public MetricGroup addGroup(String key, String value) {
    // The key names the metrics, the value labels them (as Flink's key/value groups).
    return added.computeIfAbsent("key\0" + key + "\0" + value,
        k -> child(key, key + "." + value, Map.of(key, value)));
  }

  @Override
  public Map<String, String> getAllVariables() {
    return variables;
  }

  @Override
  public String[] getScopeComponents() {
    return components.clone();
  }

  /** Recomputes the {@link View}s (meters' rates) of this group and those below it. */
  public void updateViews() {
    List<Metric> all;
    synchronized (metrics) {
      all = new ArrayList<>(metrics.values());
    }
    for (Metric m : all) {
      if (m instanceof View v) {
        v.update();
      }
    }
    children.forEach(ReportingMetricGroup::updateViews);
  }

  /**
   * Adds the values of this group's metrics, and of the groups below it, to {@code out}, each group
   * with {@code extraVariables} (the TaskManager's id) after its own.
   */
  public void snapshot(Map<String, String> extraVariables, List<MetricScope> out) {
    List<MetricValue> values = new ArrayList<>();
    List<Map.Entry<String, Metric>> all;
    synchronized (metrics) {
      all = new ArrayList<>(metrics.entrySet());
    }
    for (Map.Entry<String, Metric> e : all) {
      MetricValue v;
      try {
        v = valueOf(e.getKey(), e.getValue());
      } catch (RuntimeException ex) {
        // A user's gauge that throws must not stop the heartbeat; it is left out of this report.
        LOG.debug("Metric '{}' of group {} could not be read: {}", e.getKey(), String.join(".", components),
            ex.toString());
        v = null;
      }
      if (v != null) {
        values.add(v);
      }
    }
    if (!values.isEmpty()) {
      Map<String, String> vars = new LinkedHashMap<>(variables);
      extraVariables.forEach(vars::putIfAbsent);
      out.add(new MetricScope(scope, vars, values));
    }
    for (ReportingMetricGroup child : children) {
      child.snapshot(extraVariables, out);
    }
  }

  /** The reported value of a metric; null for a gauge whose value is neither a number nor a boolean. */
  public static MetricValue valueOf(String name, Metric metric) {
    if (metric instanceof Counter c) {
      return MetricValue.counter(name, c.getCount());
    } else if (metric instanceof Gauge<?> g) {
      Object value = g.getValue();
      if (value instanceof Number n) {
        return MetricValue.gauge(name, n.doubleValue());
      } else if (value instanceof Boolean b) {
        return MetricValue.gauge(name, b ? 1 : 0);
      }
      return null;
    } else if (metric instanceof Meter m) {
      return new MetricValue(name, MetricValue.Kind.METER, new double[] {m.getRate(), m.getCount()});
    } else if (metric instanceof Histogram h) {
      HistogramStatistics s = h.getStatistics();
      double[] v = new double[MetricValue.HISTOGRAM_FIELDS.length];
      v[0] = h.getCount();
      v[1] = s.getMin();
      v[2] = s.getMax();
      v[3] = s.getMean();
      v[4] = s.getStdDev();
      for (int i = 0; i < MetricValue.HISTOGRAM_QUANTILES.length; i++) {
        v[5 + i] = s.getQuantile(MetricValue.HISTOGRAM_QUANTILES[i]);
      }
      return new MetricValue(name, MetricValue.Kind.HISTOGRAM, v);
    }
    return null;
  }
}
