package io.weft.appmaster.web;

import io.weft.core.plan.JobGraph;
import io.weft.core.plan.JobVertex;
import io.weft.core.plan.StreamEdge;
import io.weft.core.plan.StreamNode;

/**
 * A job's plan as JSON, as {@code weft info} prints it: the tasks (chains of operators, each with
 * its kind, uid and parallelism) and the edges between tasks with their partitioning. Tasks and
 * edges carry the ids the web UI and REST API use.
 */
public final class PlanJson {
  private PlanJson() {}

  public static String of(JobGraph graph) {
    JsonWriter w = new JsonWriter().beginObject().field("jobName", graph.jobName())
        .field("runtimeMode", graph.runtimeMode().name()).field("fingerprint", graph.fingerprint())
        .field("slotsNeeded", graph.maxTaskParallelism());
    w.name("tasks").beginArray();
    for (JobVertex v : graph.vertices()) {
      w.beginObject().field("id", v.id()).field("name", v.name()).field("parallelism", v.parallelism())
          .field("maxParallelism", v.maxParallelism()).name("operators").beginArray();
      for (StreamNode n : v.operators()) {
        w.beginObject().field("id", n.id()).field("name", n.name()).field("kind", kind(n)).field("uid", n.uid())
            .endObject();
      }
      w.endArray().endObject();
    }
    w.endArray().name("edges").beginArray();
    for (JobVertex v : graph.vertices()) {
      for (StreamEdge e : v.outputs()) {
        w.beginObject().field("source", v.id()).field("target", graph.vertexOf(e.target()).id())
            .field("partitioning", e.partitioning().kind().name())
            .field("sideOutput", e.sideOutputTag() == null ? null : e.sideOutputTag().getId()).endObject();
      }
    }
    return w.endArray().endObject().toString();
  }

  /** The operator's kind as its spec names it: Map, KeyedProcess, Window, Sink, ... */
  private static String kind(StreamNode n) {
    String spec = n.spec().getClass().getSimpleName();
    return spec.endsWith("Spec") ? spec.substring(0, spec.length() - 4) : spec;
  }
}
