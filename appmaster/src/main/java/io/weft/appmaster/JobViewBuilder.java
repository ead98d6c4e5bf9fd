package io.weft.appmaster;

import io.weft.appmaster.checkpoint.CheckpointCoordinator;
import io.weft.appmaster.web.JobView;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.config.Configuration;
import io.weft.core.plan.JobGraph;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;

/**
 * Builds what the web UI, the REST API and {@code /metrics} show of the job ({@link JobView}) from
 * the JobManager's parts. Event thread only: the view is an immutable snapshot the HTTP threads get.
 */
final class JobViewBuilder {
  private final ApplicationAttemptId attemptId;
  private final String jobId;
  private final JobGraph graph;
  private final Placement placement;
  private final Configuration conf;
  private final JobStateMachine job;
  private final TaskManagerRegistry taskManagers;
  private final JobProgress progress;
  private final CheckpointCoordinator checkpoints;

  /** Why TaskManager containers wait for YARN, or null. */
  private final java.util.function.Supplier<String> pendingResources;

  JobViewBuilder(ApplicationAttemptId attemptId, String jobId, JobGraph graph, Placement placement, Configuration conf,
      JobStateMachine job, TaskManagerRegistry taskManagers, JobProgress progress, CheckpointCoordinator checkpoints,
      java.util.function.Supplier<String> pendingResources) {
    this.pendingResources = pendingResources;
    this.attemptId = attemptId;
    this.jobId = jobId;
    this.graph = graph;
    this.placement = placement;
    this.conf = conf;
    this.job = job;
    this.taskManagers = taskManagers;
    this.progress = progress;
    this.checkpoints = checkpoints;
  }

  /** The job now. */
  JobView build() {
    JobGraph graph = job.graph(); // after an in-place rescale, not the staged one
    List<JobView.Subtask> subtasks = new ArrayList<>();
    job.taskStates().forEach((key, taskState) -> subtasks.add(new JobView.Subtask(key.vertexId(), key.subtask(),
        taskState.name(), taskManagers.taskManagerName(placement.taskManagerOf(key.subtask())),
        progress.metricsOf(key))));
    List<JobView.TaskManager> tms = new ArrayList<>();
    for (TaskManagerInfo tm : taskManagers.all()) {
      tms.add(new JobView.TaskManager(tm.id, new JobView.Container(tm.container.getId().toString(),
          tm.container.getNodeId().getHost(), String.valueOf(tm.container.getNodeHttpAddress())), placement.slots(),
          tm.connection != null, tm.completed));
    }
    long now = System.currentTimeMillis();
    return new JobView(attemptId.getApplicationId().toString(), attemptId.getAttemptId(), jobId, graph.jobName(),
        job.state(), progress.value(), job.startMillis(), now, job.allRunningAfterMillisOrMinusOne(),
        job.executionAttempt(), job.restarts(), placement.slots(), "", new JobView.Container("", "", ""),
        JobView.vertices(graph), JobView.edges(graph), subtasks, tms,
        CheckpointOptions.enabledIn(conf) ? conf.get(CheckpointOptions.INTERVAL).toMillis() : 0,
        checkpoints.history().entries(), checkpoints.history().completedCount(),
        checkpoints.history().failedCount(), progress.failures(),
        JobView.redacted(conf.toMap()), pendingResources.get());
  }

  /** What to show while the event thread does not answer and no view was taken yet. */
  JobView placeholder() {
    return JobView.placeholder(attemptId.getApplicationId().toString(), attemptId.getAttemptId(), job.state(),
        conf.toMap());
  }
}
