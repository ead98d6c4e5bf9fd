package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The metrics of one group as a TaskManager reports them with its heartbeat.
 *
 * @param scope the group's logical scope, the start of its metrics' names: {@code taskmanager},
 *     {@code taskmanager_job_task}, {@code taskmanager_job_task_operator}, followed by user groups
 *     ({@code _myGroup}; for a key/value group its key)
 * @param variables the group's variables in order (job_id, task_name, subtask_index, ...)
 */
public record MetricScope(String scope, Map<String, String> variables, List<MetricValue> metrics) {
  public MetricScope {
    Objects.requireNonNull(scope, "scope");
    variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    metrics = List.copyOf(metrics);
  }

  /** The value of the metric of that name, or null. */
  public MetricValue metric(String name) {
    for (MetricValue m : metrics) {
      if (m.name().equals(name)) {
        return m;
      }
    }
    return null;
  }

  void writeTo(DataOutput out) throws IOException {
    Wire.writeString(out, "scope", scope);
    out.writeInt(variables.size());
    for (Map.Entry<String, String> e : variables.entrySet()) {
      Wire.writeString(out, "variable", e.getKey());
      Wire.writeString(out, "value", e.getValue());
    }
    Wire.writeCount(out, "metrics", metrics);
    for (MetricValue m : metrics) {
      m.writeTo(out);
    }
  }

  static MetricScope readFrom(WireInput in) throws IOException {
    String scope = in.readString("scope");
    int n = in.readCount("variables");
    Map<String, String> variables = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      variables.put(in.readString("variable"), in.readString("value"));
    }
    int m = in.readCount("metrics");
    List<MetricValue> metrics = new ArrayList<>(WireInput.capacity(m));
    for (int i = 0; i < m; i++) {
      metrics.add(MetricValue.readFrom(in));
    }
    return new MetricScope(scope, variables, metrics);
  }
}
