package io.weft.appmaster;

import io.weft.appmaster.checkpoint.CheckpointCoordinator;
import io.weft.appmaster.rescale.RescaleTarget;
import io.weft.appmaster.rescale.RescaledParallelism;
import io.weft.appmaster.rescale.Rescaler;
import io.weft.core.plan.JobGraph;
import io.weft.core.plan.JobVertex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JobManager's side of an in-place rescale ({@link io.weft.appmaster.rescale.Rescaler} decides
 * the order): the TaskManagers a plan needs, the checkpoint to restore, the redeployment through the
 * {@link JobStateMachine}, and what changes with the plan (placement, deployments, checkpoint
 * participants, surplus TaskManagers). Kept apart from the JobManager's other parts so they change
 * little. Event thread only.
 */
final class JobRescaling implements RescaleTarget {
  private static final Logger LOG = LoggerFactory.getLogger(JobRescaling.class);

  private final ApplicationAttemptId attemptId;
  private final JobGraph staged;
  private final Placement placement;
  private final JobStateMachine job;
  private final TaskManagerRegistry taskManagers;
  private final CheckpointCoordinator checkpoints;
  private final Deployments deployments;
  private final EventLoop loop;
  /** Where a completed rescale is recorded for the next ApplicationMaster attempt, or null (tests). */
  private final RescaledParallelism record;
  /** The positions the job held before the last {@link #requestTaskManagersFor}, and how many more it asked for. */
  private int positionsBefore;
  private int requested;

  JobRescaling(ApplicationAttemptId attemptId, JobGraph staged, Placement placement, JobStateMachine job,
      TaskManagerRegistry taskManagers, CheckpointCoordinator checkpoints, Deployments deployments, EventLoop loop,
      RescaledParallelism record) {
    this.attemptId = attemptId;
    this.staged = staged;
    this.placement = placement;
    this.job = job;
    this.taskManagers = taskManagers;
    this.checkpoints = checkpoints;
    this.deployments = deployments;
    this.loop = loop;
    this.record = record;
    job.onGraphChanged(this::graphChanged);
  }

  /** Between two execution attempts: the next one deploys {@code graph}. */
  private void graphChanged(JobGraph graph) {
    placement.placeFor(graph);
    deployments.useGraph(graph);
    checkpoints.replaceParticipants(participants(graph));
    taskManagers.releaseAtOrBeyond(placement.numTaskManagers(), "the job was rescaled to "
        + placement.numTaskManagers() + " TaskManager(s)");
    requested = 0;
  }

  /** Every subtask of {@code graph}, as the checkpoint coordinator counts acknowledgements. */
  static List<CheckpointCoordinator.Participant> participants(JobGraph graph) {
    List<CheckpointCoordinator.Participant> all = new ArrayList<>();
    for (JobVertex v : graph.vertices()) {
      for (int i = 0; i < v.parallelism(); i++) {
        all.add(new CheckpointCoordinator.Participant(v.id(), i, v.parallelism()));
      }
    }
    return all;
  }

  @Override
  public JobGraph stagedGraph() {
    return staged;
  }

  @Override
  public JobGraph currentGraph() {
    return job.graph();
  }

  @Override
  public String whyNotRescalable() {
    if (checkpoints.jobDirectory() == null) {
      return "job " + job.graph().jobName() + " takes no checkpoints, and a rescale restores one: set "
          + io.weft.core.config.CheckpointOptions.INTERVAL.key() + " and "
          + io.weft.core.config.CheckpointOptions.DIRECTORY.key();
    }
    return job.whyNotRedeployable();
  }

  @Override
  public int taskManagersFor(JobGraph graph) {
    return Placement.taskManagersFor(graph, placement.slots());
  }

  @Override
  public void requestTaskManagersFor(JobGraph graph) {
    positionsBefore = placement.numTaskManagers();
    placement.resizeFor(graph);
    requested = Math.max(0, placement.numTaskManagers() - positionsBefore);
    taskManagers.request(requested);
  }

  @Override
  public boolean allTaskManagersRegistered() {
    return taskManagers.allRegistered();
  }

  @Override
  public void releaseTaskManagersBeyond(JobGraph graph) {
    int positions = taskManagersFor(graph);
    taskManagers.withdrawRequests(Math.max(0, requested - taskManagers.countAtOrBeyond(positions)));
    requested = 0;
    placement.resizeFor(graph);
    taskManagers.releaseAtOrBeyond(positions, "the rescale that asked for it was given up");
    // A restart that began meanwhile may have waited for the TaskManagers just given up: it may deploy now.
    job.taskManagerRegistered();
  }

  @Override
  public CompletableFuture<Long> checkpoint(long maxAgeMillis) {
    checkpoints.holdPeriodic(true);
    long latest = checkpoints.latestCompleted();
    if (latest >= 0 && maxAgeMillis > 0 && System.currentTimeMillis() - checkpoints.lastCompletedAtMillis() <= maxAgeMillis) {
      return CompletableFuture.completedFuture(latest);
    }
    return checkpoints.triggerCheckpoint();
  }

  @Override
  public void rescaleEnded() {
    checkpoints.holdPeriodic(false);
  }

  @Override
  public CompletableFuture<Long> redeploy(JobGraph target, JobGraph fallback, String reason) {
    return job.redeployAs(target, fallback, reason).thenApply(pause -> {
      recordForNextAttempts(target);
      return pause;
    });
  }

  /**
   * Every task runs {@code graph}: a later ApplicationMaster attempt must deploy it too. On the event
   * thread: one small file, once per rescale. A failure is logged and leaves the rescale done: only a
   * later attempt would then go back to the earlier parallelism (restoring its checkpoint at that one).
   */
  private void recordForNextAttempts(JobGraph graph) {
    if (record == null) {
      return;
    }
    try {
      record.save(staged, graph);
      LOG.info("[{}] Recorded the parallelism of job '{}' for later ApplicationMaster attempts: {}", attemptId,
          graph.jobName(), Rescaler.describe(graph));
    } catch (IOException | RuntimeException e) {
      LOG.warn("[{}] Cannot record the rescaled parallelism of job '{}' ({}); a later ApplicationMaster attempt"
          + " would deploy the parallelism recorded before", attemptId, graph.jobName(), e.toString());
    }
  }

  @Override
  public void schedule(Runnable action, long delayMillis) {
    loop.schedule(action, delayMillis);
  }
}
