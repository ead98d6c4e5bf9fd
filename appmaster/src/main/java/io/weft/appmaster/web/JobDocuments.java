package io.weft.appmaster.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The read-only REST documents of a job, by their path below the tracking URL: what an ended job's
 * archive keeps, so the history server can answer the same paths the JobManager answered.
 */
public final class JobDocuments {
  /** The file of an archive that summarizes its job, as one entry of {@code api/v1/jobs}. */
  public static final String SUMMARY = "job";

  private JobDocuments() {}

  /** The file of an archive with the autoscaler's decisions (what {@code api/v1/scaling} answered). */
  public static final String SCALING = "scaling";

  /**
   * Path below {@code api/v1/} (overview, jobs, vertices, ...) to the JSON answered there; {@code scaling}
   * is the autoscaler's last status, null when it is off.
   */
  public static Map<String, String> of(JobView view, io.weft.appmaster.autoscale.Autoscaler.Status scaling) {
    Map<String, String> documents = new LinkedHashMap<>();
    documents.put("overview", RestDocuments.overview(view));
    documents.put("jobs", RestDocuments.jobs(view));
    documents.put("vertices", RestDocuments.vertices(view));
    documents.put("checkpoints", RestDocuments.checkpoints(view));
    documents.put("taskmanagers", RestDocuments.taskManagers(view));
    documents.put("exceptions", RestDocuments.exceptions(view));
    documents.put("config", RestDocuments.configuration(view));
    documents.put(SCALING, ScalingDocument.of(view.jobId(), scaling));
    documents.put(SUMMARY, summary(view));
    return documents;
  }

  /** The job as one entry of the history server's list: id, name, final state, start and duration. */
  static String summary(JobView v) {
    return new JsonWriter().beginObject().field("jobId", v.jobId()).field("name", v.jobName())
        .field("state", v.state()).field("application", v.applicationId()).field("startMillis", v.startMillis())
        .field("durationMillis", Math.max(0, v.nowMillis() - v.startMillis())).endObject().toString();
  }
}
