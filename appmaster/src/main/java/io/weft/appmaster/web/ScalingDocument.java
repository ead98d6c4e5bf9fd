package io.weft.appmaster.web;

import io.weft.appmaster.autoscale.Autoscaler;
import io.weft.appmaster.autoscale.VertexDecision;

/** {@code api/v1/jobs/<jobId>/scaling}: the autoscaler's latest evaluation, each task's decision with its inputs. */
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
    w.name("decisions").beginArray();
    for (VertexDecision d : status.decisions()) {
      w.beginObject().field("taskId", d.vertexId()).field("task", d.name()).field("parallelism", d.parallelism())
          .field("newParallelism", d.newParallelism()).field("busyRatio", d.busyRatio())
          .field("processedPerSecond", d.processedPerSecond()).field("trueRatePerSubtask", d.trueRatePerSubtask())
          .field("targetRate", d.targetRate()).field("utilization", d.utilization()).field("reason", d.reason())
          .endObject();
    }
    return w.endArray().endObject().toString();
  }
}
