package io.weft.appmaster.rescale;

import io.weft.core.plan.JobGraph;
import java.util.concurrent.CompletableFuture;

/**
 * What a {@link Rescaler} asks of the JobManager. The JobManager's side ({@code io.weft.appmaster.JobRescaling})
 * touches its state machine, TaskManager registry and containers; this package only decides the
 * order. Event thread only.
 */
public interface RescaleTarget {
  /** The plan as submitted (staged): every rescaled plan is derived from it, as the TaskManagers derive theirs. */
  JobGraph stagedGraph();

  /** The plan the job runs now. */
  JobGraph currentGraph();

  /** Why the job cannot be rescaled now (not RUNNING, restarting, ending, no checkpoints), or null. */
  String whyNotRescalable();

  /** How many TaskManagers {@code graph} needs (with this job's slots per TaskManager). */
  int taskManagersFor(JobGraph graph);

  /** Makes room for {@code graph}: asks the cluster for the TaskManagers it needs beyond those the job has. */
  void requestTaskManagersFor(JobGraph graph);

  /** Whether every TaskManager the last {@link #requestTaskManagersFor} asked for has registered. */
  boolean allTaskManagersRegistered();

  /**
   * Back to the TaskManagers {@code graph} needs: outstanding container requests withdrawn, TaskManagers
   * beyond them shut down and their containers released (none of them runs a task).
   */
  void releaseTaskManagersBeyond(JobGraph graph);

  /**
   * A checkpoint to restore: the latest, if it completed within {@code maxAgeMillis}, else a new one
   * (or the one in progress); answers its id. Periodic checkpoints are held back from then until
   * {@link #rescaleEnded}.
   */
  CompletableFuture<Long> checkpoint(long maxAgeMillis);

  /** The rescale is over (done or given up): periodic checkpoints may go on. */
  void rescaleEnded();

  /** Cancels every task and deploys {@code target} from the latest checkpoint; answers the pause in ms. */
  CompletableFuture<Long> redeploy(JobGraph target, JobGraph fallback, String reason);

  /** Runs {@code action} on the event thread after {@code delayMillis}. */
  void schedule(Runnable action, long delayMillis);
}
