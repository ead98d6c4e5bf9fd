package io.weft.appmaster.metrics;

import io.weft.core.rpc.MetricScope;
import io.weft.core.rpc.MetricValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The TaskManagers' metrics in Prometheus' text format, named and labelled as Flink's Prometheus
 * reporter does, with {@code weft_} for {@code flink_}: the name is the group's logical scope and
 * the metric's name with every character outside {@code [a-zA-Z0-9_:]} as {@code _}
 * ({@code weft_taskmanager_job_task_operator_numRecordsIn}); the group's variables are the labels
 * ({@code job_id, task_name, subtask_index, operator_name, tm_id}), after {@code application} and, for
 * groups of the job, {@code job_name}. Counters, gauges and meters (their rate) are gauges;
 * histograms are summaries (quantiles and {@code _count}). Samples of one name are written together,
 * as the format wants, whichever TaskManager sent them.
 */
public final class PrometheusRenderer {
  private final Map<String, Family> families = new LinkedHashMap<>();

  private record Family(String type, String help, StringBuilder samples) {}

  private PrometheusRenderer() {}

  /**
   * Appends the reports' metrics to {@code out}.
   *
   * @param applicationId the YARN application, label {@code application} of every sample
   * @param jobName the job's name, label {@code job_name} of the job's groups
   */
  public static void render(List<MetricStore.Report> reports, String applicationId, String jobName,
      StringBuilder out) {
    PrometheusRenderer r = new PrometheusRenderer();
    for (MetricStore.Report report : reports) {
      for (MetricScope scope : report.scopes()) {
        r.add(scope, applicationId, jobName);
      }
    }
    r.families.forEach((name, f) -> out.append("# HELP ").append(name).append(' ').append(f.help()).append('\n')
        .append("# TYPE ").append(name).append(' ').append(f.type()).append('\n').append(f.samples()));
  }

  private void add(MetricScope scope, String applicationId, String jobName) {
    StringBuilder labels = new StringBuilder();
    label(labels, "application", applicationId);
    if (scope.variables().containsKey("job_id")) {
      label(labels, "job_name", jobName);
    }
    scope.variables().forEach((k, v) -> label(labels, k, v));
    for (MetricValue m : scope.metrics()) {
      String name = "weft_" + sanitize(scope.scope() + "_" + m.name());
      String help = escapeHelp(m.name() + " (scope " + scope.scope() + ")");
      if (m.kind() == MetricValue.Kind.HISTOGRAM) {
        Family f = families.computeIfAbsent(name, n -> new Family("summary", help, new StringBuilder()));
        for (int i = 0; i < MetricValue.HISTOGRAM_QUANTILES.length; i++) {
          sample(f.samples(), name, labels + ",quantile=\"" + MetricValue.HISTOGRAM_QUANTILES[i] + "\"",
              m.value(5 + i));
        }
        sample(f.samples(), name + "_count", labels.toString(), m.value(0));
      } else {
        Family f = families.computeIfAbsent(name, n -> new Family("gauge", help, new StringBuilder()));
        sample(f.samples(), name, labels.toString(), m.value());
      }
    }
  }

  private static void label(StringBuilder labels, String key, String value) {
    if (labels.length() > 0) {
      labels.append(',');
    }
    labels.append(sanitize(key)).append("=\"").append(escape(value)).append('"');
  }

  static void sample(StringBuilder out, String name, String labels, double value) {
    out.append(name).append('{').append(labels).append("} ").append(number(value)).append('\n');
  }

  /** A sample value: whole numbers without a fraction, NaN and infinities as Prometheus spells them. */
  public static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    } else if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  /** A metric or label name: characters outside {@code [a-zA-Z0-9_:]} become {@code _}, as Flink's reporter does. */
  public static String sanitize(String name) {
    StringBuilder sb = new StringBuilder(name.length() + 1);
    if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
      sb.append('_'); // a name may not start with a digit
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c >= '0' && c <= '9';
      sb.append(ok ? c : '_');
    }
    return sb.toString();
  }

  static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String escapeHelp(String s) {
    return s.replace("\\", "\\\\").replace("\n", "\\n");
  }
}
