package io.weft.appmaster.web;

import io.weft.appmaster.autoscale.Autoscaler;
import io.weft.appmaster.autoscale.VertexDecision;

/**
 * {@code api/v1/jobs/<jobId>/scaling}: the autoscaler's latest evaluation, each task's decision with its
 * inputs, and its log of rescales ({@code actions}), each with the evaluation it acted on.
 */
final class ScalingDocument {
  private ScalingDocument() {}

  static String of(String jobId, Autoscaler.Status status) {
    JsonWriter w = new JsonWriter().beginObject().field("jobId", jobId);
    if (status == null) {
      return w.field("enabled", false).endObject().toString();
    }
    w.field("enabled", true).field("atMillis", status.atMillis()).field("state", status.state());
    if (status.lastAction() != null) {
      w.field("lastAction", status.lastAction()).field("lastActionAtMillis", status.lastActionAtMillis());
    }
    decisions(w, status.decisions());
    w.name("actions").beginArray();
    for (Autoscaler.Action a : status.actions()) {
      w.beginObject().field("startedAtMillis", a.startedAtMillis());
      w.name("parallelism").beginObject();
      for (java.util.Map.Entry<Integer, Integer> e : new java.util.TreeMap<>(a.parallelism()).entrySet()) {
        w.field(Integer.toString(e.getKey()), e.getValue());
      }
      w.endObject();
      if (a.outcome() != null) {
        w.field("outcome", a.outcome()).field("endedAtMillis", a.endedAtMillis());
      }
      decisions(w, a.decisions());
      w.endObject();
    }
    return w.endArray().endObject().toString();
  }

  private static void decisions(JsonWriter w, java.util.List<VertexDecision> decisions) {
    w.name("decisions").beginArray();
    for (VertexDecision d : decisions) {
      w.beginObject().field("taskId", d.vertexId()).field("task", d.name()).field("parallelism", d.parallelism())
          .field("newParallelism", d.newParallelism()).field("busyRatio", d.busyRatio())
          .field("processedPerSecond", d.processedPerSecond()).field("trueRatePerSubtask", d.trueRatePerSubtask())
          .field("targetRate", d.targetRate()).field("utilization", d.utilization()).field("reason", d.reason())
          .endObject();
    }
    w.endArray();
  }
}
