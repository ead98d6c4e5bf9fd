package io.weft.appmaster.web;

import io.weft.appmaster.metrics.MetricStore;
import io.weft.core.rpc.MetricScope;
import io.weft.core.rpc.MetricValue;
import java.util.List;

/**
 * {@code api/v1/metrics}: every metric group the TaskManagers reported, with its scope, variables
 * and values (a counter's count, a gauge's value, a meter's rate and count, a histogram's figures),
 * grouped by TaskManager. The web UI's TaskManager, subtask and Kafka lag tables are drawn from it.
 */
final class MetricsDocument {
  private MetricsDocument() {}

  static String of(List<MetricStore.Report> reports) {
    JsonWriter w = new JsonWriter().beginObject();
    w.name("taskManagers").beginArray();
    for (MetricStore.Report r : reports) {
      w.beginObject().field("id", r.taskManagerId()).field("receivedAtMillis", r.receivedAtMillis());
      w.name("groups").beginArray();
      for (MetricScope scope : r.scopes()) {
        w.beginObject().field("scope", scope.scope());
        w.name("variables").beginObject();
        scope.variables().forEach(w::field);
        w.endObject();
        w.name("metrics").beginObject();
        for (MetricValue m : scope.metrics()) {
          w.name(m.name());
          switch (m.kind()) {
            case COUNTER, GAUGE -> w.value(m.value());
            case METER -> w.beginObject().field("rate", m.value(0)).field("count", m.value(1)).endObject();
            case HISTOGRAM -> {
              w.beginObject();
              for (int i = 0; i < MetricValue.HISTOGRAM_FIELDS.length; i++) {
                w.field(MetricValue.HISTOGRAM_FIELDS[i], m.value(i));
              }
              w.endObject();
            }
            default -> w.nullValue();
          }
        }
        w.endObject().endObject();
      }
      w.endArray().endObject();
    }
    return w.endArray().endObject().toString();
  }

}
