package io.weft.api.metrics;

import java.util.Map;

/**
 * Where a function registers its metrics: {@code getRuntimeContext().getMetricGroup()} is the
 * operator's group (job, task, subtask and operator are its variables); {@link #addGroup} nests
 * groups below it. Metrics are reported with every TaskManager heartbeat to the JobManager, which
 * serves them in its REST API, at {@code /metrics} and in the web UI. A second metric of the same
 * name in one group is not registered (a warning says so) and the first one stays.
 */
public interface MetricGroup {
  /** Registers and returns a new {@link SimpleCounter}. */
  Counter counter(String name);

  <C extends Counter> C counter(String name, C counter);

  <T, G extends Gauge<T>> G gauge(String name, G gauge);

  <M extends Meter> M meter(String name, M meter);

  <H extends Histogram> H histogram(String name, H histogram);

  /** A group below this one; its name becomes part of its metrics' names. */
  MetricGroup addGroup(String name);

  /**
   * A group below this one whose metrics carry the variable {@code key=value}: the key becomes part
   * of their names, the value a label (Prometheus), so values of one key share metric names.
   */
  MetricGroup addGroup(String key, String value);

  /** The variables of this group and its parents: job_id, task_name, subtask_index, operator_name... */
  Map<String, String> getAllVariables();

  /** The names of this group and its parents, outermost first. */
  String[] getScopeComponents();

  /** The metric's full name: the scope components and the name, joined by dots. */
  default String getMetricIdentifier(String metricName) {
    return String.join(".", getScopeComponents()) + "." + metricName;
  }
}
