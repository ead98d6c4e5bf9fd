package io.weft.appmaster.web;

import io.weft.appmaster.checkpoint.CheckpointHistory;
import io.weft.appmaster.metrics.TaskMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The REST API's JSON documents, each written from one {@link JobView}. */
final class RestDocuments {
  private RestDocuments() {}

  /** A vertex's figures over its subtasks: sums of counts and rates, the worst backpressure and fill, the least watermark. */
  record VertexFigures(long recordsIn, long recordsOut, double recordsInPerSecond, double recordsOutPerSecond,
      double backPressuredRatio, int inputUsagePercent, int outputUsagePercent, Long watermark, int running,
      boolean reported) {

    static VertexFigures of(JobView view, JobView.Vertex vertex) {
      long in = 0;
      long out = 0;
      double inRate = 0;
      double outRate = 0;
      double backPressure = 0;
      int inputUsage = 0;
      int outputUsage = 0;
      long watermark = Long.MAX_VALUE;
      boolean everyWatermark = !vertex.source();
      int running = 0;
      boolean reported = false;
      for (JobView.Subtask s : view.subtasks()) {
        if (s.vertexId() != vertex.id()) {
          continue;
        }
        running += "RUNNING".equals(s.state()) ? 1 : 0;
        TaskMetrics m = s.metrics();
        if (m == null) {
          everyWatermark = false;
          continue;
        }
        reported = true;
        in += m.status().recordsIn();
        out += m.status().recordsOut();
        inRate += m.recordsInPerSecond();
        outRate += m.recordsOutPerSecond();
        backPressure = Math.max(backPressure, m.backPressuredRatio());
        inputUsage = Math.max(inputUsage, m.status().inputUsagePercent());
        outputUsage = Math.max(outputUsage, m.status().outputUsagePercent());
        if (m.status().watermark() == Long.MIN_VALUE) {
          everyWatermark = false;
        } else {
          watermark = Math.min(watermark, m.status().watermark());
        }
      }
      return new VertexFigures(in, out, inRate, outRate, backPressure, inputUsage, outputUsage,
          everyWatermark && reported ? watermark : null, running, reported);
    }
  }

  static String overview(JobView v) {
    JsonWriter w = new JsonWriter().beginObject();
    w.field("application", v.applicationId()).field("applicationAttempt", v.applicationAttempt())
        .field("jobId", v.jobId()).field("job", v.jobName()).field("state", v.state())
        .field("progress", v.progress()).field("startMillis", v.startMillis())
        .field("uptimeMillis", Math.max(0, v.nowMillis() - v.startMillis()))
        .field("allTasksRunningAfterMillis", v.allRunningAfterMillis())
        .field("executionAttempt", v.executionAttempt()).field("restarts", v.restarts());
    int parallelism = 0;
    for (JobView.Vertex vertex : v.vertices()) {
      parallelism = Math.max(parallelism, vertex.parallelism());
    }
    w.field("parallelism", parallelism).field("slotsPerTaskManager", v.slotsPerTaskManager())
        .field("taskManagers", v.taskManagers().size());
    Map<String, Integer> states = new TreeMap<>();
    for (JobView.Subtask s : v.subtasks()) {
      states.merge(s.state(), 1, Integer::sum);
    }
    w.name("tasks").beginObject().field("total", v.subtasks().size());
    states.forEach(w::field);
    w.endObject();
    double sourceRate = 0;
    for (JobView.Vertex vertex : v.vertices()) {
      if (vertex.source()) {
        sourceRate += VertexFigures.of(v, vertex).recordsOutPerSecond();
      }
    }
    w.field("sourceRecordsPerSecond", sourceRate);
    w.name("checkpoints");
    checkpointCounts(w, v);
    w.name("lastCheckpoint");
    CheckpointHistory.Entry last = v.checkpoints().stream()
        .filter(e -> e.status() != CheckpointHistory.Status.IN_PROGRESS).findFirst().orElse(null);
    if (last == null) {
      w.nullValue();
    } else {
      checkpoint(w, last);
    }
    w.name("jobManager");
    container(w, v, v.jobManager());
    w.field("pendingResources", v.pendingResources());
    // The latest failure's message, so the CLI (attached run, weft list) can say it, e.g. a memory kill.
    List<JobView.Failure> failures = v.failures();
    w.field("lastFailure", failures.isEmpty() ? null : failures.get(failures.size() - 1).message());
    return w.endObject().toString();
  }

  static String jobs(JobView v) {
    JsonWriter w = new JsonWriter().beginObject().name("jobs").beginArray().beginObject();
    w.field("jobId", v.jobId()).field("name", v.jobName()).field("state", v.state()).field("progress", v.progress())
        .field("startMillis", v.startMillis()).field("durationMillis", Math.max(0, v.nowMillis() - v.startMillis()));
    return w.endObject().endArray().endObject().toString();
  }

  static String vertices(JobView v) {
    JsonWriter w = new JsonWriter().beginObject().field("jobId", v.jobId()).name("vertices").beginArray();
    for (JobView.Vertex vertex : v.vertices()) {
      VertexFigures f = VertexFigures.of(v, vertex);
      w.beginObject().field("id", vertex.id()).field("name", vertex.name()).field("parallelism", vertex.parallelism())
          .field("source", vertex.source());
      w.name("operators").beginArray();
      vertex.operators().forEach(w::value);
      w.endArray();
      w.field("running", f.running()).field("recordsIn", f.recordsIn()).field("recordsOut", f.recordsOut())
          .field("recordsInPerSecond", f.recordsInPerSecond()).field("recordsOutPerSecond", f.recordsOutPerSecond())
          .field("backPressuredRatio", f.backPressuredRatio()).field("backPressure", level(f.backPressuredRatio()))
          .field("inputUsagePercent", f.inputUsagePercent()).field("outputUsagePercent", f.outputUsagePercent());
      w.name("watermark");
      if (f.watermark() == null) {
        w.nullValue();
      } else {
        w.value(f.watermark());
      }
      w.name("subtasks").beginArray();
      for (JobView.Subtask s : v.subtasks()) {
        if (s.vertexId() == vertex.id()) {
          subtask(w, s);
        }
      }
      w.endArray().endObject();
    }
    w.endArray().name("edges").beginArray();
    for (JobView.Edge e : v.edges()) {
      w.beginObject().field("source", e.source()).field("target", e.target()).field("partitioning", e.partitioning())
          .endObject();
    }
    return w.endArray().endObject().toString();
  }

  private static void subtask(JsonWriter w, JobView.Subtask s) {
    w.beginObject().field("index", s.index()).field("state", s.state()).field("taskManager", s.taskManagerId());
    TaskMetrics m = s.metrics();
    if (m != null) {
      w.field("recordsIn", m.status().recordsIn()).field("recordsOut", m.status().recordsOut())
          .field("recordsInPerSecond", m.recordsInPerSecond()).field("recordsOutPerSecond", m.recordsOutPerSecond())
          .field("backPressuredRatio", m.backPressuredRatio())
          .field("backPressuredMillis", m.status().backPressuredMillis())
          .field("inputUsagePercent", m.status().inputUsagePercent())
          .field("outputUsagePercent", m.status().outputUsagePercent());
      w.name("watermark");
      if (m.status().watermark() == Long.MIN_VALUE) {
        w.nullValue();
      } else {
        w.value(m.status().watermark());
      }
      if (m.status().sourceProgressPermille() >= 0) {
        w.field("sourceProgress", m.status().sourceProgressPermille() / 1000.0);
      }
    }
    w.endObject();
  }

  /** Flink's thresholds: up to 10% OK, up to 50% LOW, above HIGH. */
  static String level(double ratio) {
    return ratio <= 0.10 ? "OK" : ratio <= 0.5 ? "LOW" : "HIGH";
  }

  static String checkpoints(JobView v) {
    JsonWriter w = new JsonWriter().beginObject().field("enabled", v.checkpointIntervalMillis() > 0)
        .field("intervalMillis", v.checkpointIntervalMillis());
    w.name("counts");
    checkpointCounts(w, v);
    w.name("history").beginArray();
    for (CheckpointHistory.Entry e : v.checkpoints()) {
      checkpoint(w, e);
    }
    return w.endArray().endObject().toString();
  }

  private static void checkpointCounts(JsonWriter w, JobView v) {
    long inProgress = v.checkpoints().stream().filter(e -> e.status() == CheckpointHistory.Status.IN_PROGRESS).count();
    w.beginObject().field("completed", v.checkpointsCompleted()).field("failed", v.checkpointsFailed())
        .field("inProgress", inProgress).endObject();
  }

  private static void checkpoint(JsonWriter w, CheckpointHistory.Entry e) {
    w.beginObject().field("id", e.id()).field("status", e.status().name()).field("triggerMillis", e.triggerMillis())
        .field("acknowledged", e.acknowledged()).field("subtasks", e.subtasks())
        .field("acknowledgedMillis", e.acknowledgedMillis()).field("durationMillis", e.durationMillis())
        .field("sizeBytes", e.sizeBytes()).field("stateSizeBytes", e.stateSizeBytes())
        .field("metadataBytes", e.metadataBytes()).field("alignmentMillis", e.alignmentMillis())
        .field("failure", e.failure()).endObject();
  }

  static String taskManagers(JobView v) {
    JsonWriter w = new JsonWriter().beginObject().name("jobManager");
    container(w, v, v.jobManager());
    w.name("taskManagers").beginArray();
    for (JobView.TaskManager tm : v.taskManagers()) {
      List<String> subtasks = new ArrayList<>();
      for (JobView.Subtask s : v.subtasks()) {
        if (tm.id().equals(s.taskManagerId())) {
          JobView.Vertex vertex = v.vertices().stream().filter(x -> x.id() == s.vertexId()).findFirst().orElseThrow();
          subtasks.add(vertex.name() + " (" + (s.index() + 1) + "/" + vertex.parallelism() + ")");
        }
      }
      w.beginObject().field("id", tm.id()).field("slots", tm.slots()).field("registered", tm.registered())
          .field("ended", tm.ended()).name("container");
      container(w, v, tm.container());
      w.name("subtasks").beginArray();
      subtasks.forEach(w::value);
      w.endArray().endObject();
    }
    return w.endArray().endObject().toString();
  }

  private static void container(JsonWriter w, JobView v, JobView.Container c) {
    w.beginObject().field("id", c.id()).field("host", c.host()).field("nodeHttpAddress", c.nodeHttpAddress())
        .field("logs", logsUrl(v, c)).endObject();
  }

  /** The NodeManager's page of the container's logs (jobmanager.log or taskmanager.log, .out, .err); "" if unknown. */
  static String logsUrl(JobView v, JobView.Container c) {
    if (c.nodeHttpAddress().isEmpty() || c.id().isEmpty()) {
      return "";
    }
    return "http://" + c.nodeHttpAddress() + "/node/containerlogs/" + c.id() + "/" + v.user();
  }

  static String exceptions(JobView v) {
    JsonWriter w = new JsonWriter().beginObject().name("exceptions").beginArray();
    for (JobView.Failure f : v.failures()) {
      w.beginObject().field("timeMillis", f.timeMillis()).field("task", f.task()).field("message", f.message())
          .field("stackTrace", f.stackTrace()).endObject();
    }
    return w.endArray().endObject().toString();
  }

  static String configuration(JobView v) {
    JsonWriter w = new JsonWriter().beginObject().name("configuration").beginObject();
    new TreeMap<>(v.configuration()).forEach(w::field);
    return w.endObject().endObject().toString();
  }

  static String error(String message) {
    return new JsonWriter().beginObject().field("error", message).endObject().toString();
  }
}
