package io.weft.appmaster.web;

import io.weft.appmaster.checkpoint.CheckpointHistory;
import io.weft.appmaster.metrics.TaskMetrics;

/**
 * The job's metrics in Prometheus' text exposition format (version 0.0.4), for {@code GET /metrics}:
 * written from the same snapshot as the REST API, so a scrape costs one pass over the subtasks.
 */
final class PrometheusText {
  private final StringBuilder out = new StringBuilder();
  private final JobView view;

  private PrometheusText(JobView view) {
    this.view = view;
  }

  static String of(JobView view) {
    return new PrometheusText(view).write();
  }

  private String write() {
    String job = "job_id=\"" + escape(view.jobId()) + "\",job_name=\"" + escape(view.jobName()) + "\"";
    gauge("weft_job_progress", "The progress the ApplicationMaster reports to YARN, 0 to 1.");
    sample("weft_job_progress", job, view.progress());
    gauge("weft_job_uptime_seconds", "Time since the ApplicationMaster started the job.");
    sample("weft_job_uptime_seconds", job, Math.max(0, view.nowMillis() - view.startMillis()) / 1000.0);
    counter("weft_job_restarts_total", "Restarts of the job after task failures in this ApplicationMaster attempt.");
    sample("weft_job_restarts_total", job, view.restarts());
    counter("weft_checkpoints_completed_total", "Checkpoints completed.");
    sample("weft_checkpoints_completed_total", job, view.checkpointsCompleted());
    counter("weft_checkpoints_failed_total", "Checkpoints failed (timed out or not written).");
    sample("weft_checkpoints_failed_total", job, view.checkpointsFailed());
    CheckpointHistory.Entry last = view.checkpoints().stream()
        .filter(e -> e.status() == CheckpointHistory.Status.COMPLETED).findFirst().orElse(null);
    if (last != null) {
      gauge("weft_checkpoint_last_completed_id", "Id of the latest completed checkpoint.");
      sample("weft_checkpoint_last_completed_id", job, last.id());
      gauge("weft_checkpoint_last_duration_seconds", "Trigger to completion of the latest completed checkpoint.");
      sample("weft_checkpoint_last_duration_seconds", job, last.durationMillis() / 1000.0);
      gauge("weft_checkpoint_last_size_bytes", "State and metadata size of the latest completed checkpoint.");
      sample("weft_checkpoint_last_size_bytes", job, last.sizeBytes());
      gauge("weft_checkpoint_last_alignment_seconds", "Longest barrier alignment of the latest completed checkpoint.");
      sample("weft_checkpoint_last_alignment_seconds", job, Math.max(0, last.alignmentMillis()) / 1000.0);
    }
    // The same figures under the names of Flink's job-scope checkpoint metrics.
    String jmJob = "application=\"" + escape(view.applicationId()) + "\"," + job;
    gauge("weft_jobmanager_job_numberOfCompletedCheckpoints", "numberOfCompletedCheckpoints (scope jobmanager_job)");
    sample("weft_jobmanager_job_numberOfCompletedCheckpoints", jmJob, view.checkpointsCompleted());
    gauge("weft_jobmanager_job_numberOfFailedCheckpoints", "numberOfFailedCheckpoints (scope jobmanager_job)");
    sample("weft_jobmanager_job_numberOfFailedCheckpoints", jmJob, view.checkpointsFailed());
    gauge("weft_jobmanager_job_numRestarts", "numRestarts (scope jobmanager_job)");
    sample("weft_jobmanager_job_numRestarts", jmJob, view.restarts());
    if (last != null) {
      gauge("weft_jobmanager_job_lastCheckpointDuration", "lastCheckpointDuration in ms (scope jobmanager_job)");
      sample("weft_jobmanager_job_lastCheckpointDuration", jmJob, last.durationMillis());
      gauge("weft_jobmanager_job_lastCheckpointSize", "lastCheckpointSize in bytes (scope jobmanager_job)");
      sample("weft_jobmanager_job_lastCheckpointSize", jmJob, last.sizeBytes());
    }
    task("weft_task_records_in_total", "counter", "Records the subtask read.", m -> m.status().recordsIn(), job);
    task("weft_task_records_out_total", "counter", "Records the subtask wrote.", m -> m.status().recordsOut(), job);
    task("weft_task_records_in_per_second", "gauge", "Records read per second over the last heartbeat interval.",
        TaskMetrics::recordsInPerSecond, job);
    task("weft_task_records_out_per_second", "gauge", "Records written per second over the last heartbeat interval.",
        TaskMetrics::recordsOutPerSecond, job);
    task("weft_task_backpressured_seconds_total", "counter", "Time the subtask waited for room in its outputs.",
        m -> m.status().backPressuredMillis() / 1000.0, job);
    task("weft_task_backpressured_ratio", "gauge", "Share of the last heartbeat interval spent backpressured.",
        TaskMetrics::backPressuredRatio, job);
    task("weft_task_input_buffer_usage_ratio", "gauge", "How full the subtask's fullest input channel is.",
        m -> m.status().inputUsagePercent() / 100.0, job);
    task("weft_task_output_buffer_usage_ratio", "gauge", "How full the subtask's fullest output channel is.",
        m -> m.status().outputUsagePercent() / 100.0, job);
    task("weft_task_watermark_milliseconds", "gauge", "The subtask's input watermark (subtasks that have one).",
        m -> m.status().watermark() == Long.MIN_VALUE ? Double.NaN : m.status().watermark(), job);
    return out.toString();
  }

  private void task(String name, String type, String help, java.util.function.ToDoubleFunction<TaskMetrics> value,
      String job) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    for (JobView.Subtask s : view.subtasks()) {
      if (s.metrics() == null) {
        continue;
      }
      double v = value.applyAsDouble(s.metrics());
      if (Double.isNaN(v)) {
        continue;
      }
      JobView.Vertex vertex = view.vertices().stream().filter(x -> x.id() == s.vertexId()).findFirst().orElseThrow();
      sample(name, job + ",vertex_id=\"" + vertex.id() + "\",vertex_name=\"" + escape(vertex.name())
          + "\",subtask=\"" + s.index() + "\",task_manager=\"" + escape(s.taskManagerId()) + "\"", v);
    }
  }

  private void gauge(String name, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" gauge\n");
  }

  private void counter(String name, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" counter\n");
  }

  private void sample(String name, String labels, double value) {
    out.append(name).append('{').append(labels).append("} ");
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      out.append((long) value);
    } else {
      out.append(Double.toString(value)); // Prometheus reads Java's notation, exponent included
    }
    out.append('\n');
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
