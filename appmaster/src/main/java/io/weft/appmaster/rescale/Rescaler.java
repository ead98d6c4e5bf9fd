package io.weft.appmaster.rescale;

import io.weft.core.config.Configuration;
import io.weft.core.plan.JobGraph;
import io.weft.core.plan.JobVertex;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rescales the running job in place, one rescale at a time: checks the request against the plan
 * (max parallelism, FORWARD edges), asks for the extra TaskManagers first when it grows (the job runs
 * on meanwhile; past {@link RescaleOptions#RESOURCE_TIMEOUT} they are given back and the rescale is
 * refused), takes a checkpoint (or uses one younger than {@link RescaleOptions#CHECKPOINT_MAX_AGE}),
 * then has the job cancel its tasks and deploy every task at its new parallelism from that
 * checkpoint; TaskManagers it no longer needs are released once their tasks ended. If a task of the
 * rescaled job fails before all run, the job goes back to the old parallelism. Whatever fails, the job
 * keeps running. Event thread only.
 */
public final class Rescaler {
  private static final Logger LOG = LoggerFactory.getLogger(Rescaler.class);
  /** How often registration of the requested TaskManagers is checked (the job runs meanwhile; no pause). */
  private static final long POLL_MILLIS = 100;

  private final String jobId;
  private final RescaleTarget target;
  private final ClassLoader loader;
  private final long resourceTimeoutMillis;
  private final long checkpointMaxAgeMillis;
  private boolean busy;

  public Rescaler(String jobId, RescaleTarget target, Configuration conf, ClassLoader loader) {
    this.jobId = jobId;
    this.target = target;
    this.loader = loader;
    this.resourceTimeoutMillis = conf.get(RescaleOptions.RESOURCE_TIMEOUT).toMillis();
    this.checkpointMaxAgeMillis = conf.get(RescaleOptions.CHECKPOINT_MAX_AGE).toMillis();
  }

  /**
   * Starts a rescale; the future answers a summary once every task runs at its new parallelism, or
   * fails with why the job still runs at its old one. {@code by} names who asked, for the log.
   */
  public CompletableFuture<String> rescale(RescaleRequest request, String by) {
    CompletableFuture<String> result = new CompletableFuture<>();
    if (busy) {
      return refuse(result, "job " + jobId + " is already being rescaled");
    }
    String why = target.whyNotRescalable();
    if (why != null) {
      return refuse(result, why);
    }
    JobGraph current = target.currentGraph();
    JobGraph staged = target.stagedGraph();
    JobGraph next;
    Map<Integer, Integer> wanted;
    try {
      wanted = request.resolve(current);
      if (differences(wanted, current).isEmpty()) {
        result.complete("job " + jobId + " already runs at " + describe(current) + "; nothing to do");
        return result;
      }
      Map<Integer, Integer> fromStaged = differences(wanted, staged);
      staged.checkRescale(fromStaged);
      next = staged.rescaled(fromStaged, loader);
    } catch (IllegalArgumentException e) {
      return refuse(result, e.getMessage());
    }
    busy = true;
    int before = target.taskManagersFor(current);
    int after = target.taskManagersFor(next);
    LOG.info("Rescaling job {} from {} to {} ({} -> {} TaskManagers), asked by {}", jobId, describe(current),
        describe(next), before, after, by);
    String what = "job " + jobId + " from " + describe(current) + " to " + describe(next);
    if (after > before) {
      target.requestTaskManagersFor(next);
      awaitTaskManagers(current, next, what, System.currentTimeMillis() + resourceTimeoutMillis, result);
    } else {
      checkpointThenRedeploy(current, next, what, result);
    }
    result.whenComplete((summary, failure) -> {
      busy = false;
      target.rescaleEnded();
      if (failure == null) {
        LOG.info("Rescaled {}", summary);
      } else {
        LOG.warn("Rescale of {} refused: {}", what, message(failure));
      }
    });
    return result;
  }

  private void awaitTaskManagers(JobGraph current, JobGraph next, String what, long deadline,
      CompletableFuture<String> result) {
    if (target.allTaskManagersRegistered()) {
      LOG.info("Every TaskManager job {} needs at {} registered; the rescale begins", jobId, describe(next));
      checkpointThenRedeploy(current, next, what, result);
    } else if (System.currentTimeMillis() > deadline) {
      target.releaseTaskManagersBeyond(current);
      result.completeExceptionally(new IllegalStateException("the cluster did not grant and start the "
          + target.taskManagersFor(next) + " TaskManagers " + describe(next) + " needs within "
          + RescaleOptions.RESOURCE_TIMEOUT.key() + "=" + resourceTimeoutMillis + " ms (see the pending resources in"
          + " the web UI); the job keeps running at " + describe(current)));
    } else {
      target.schedule(() -> awaitTaskManagers(current, next, what, deadline, result), POLL_MILLIS);
    }
  }

  private void checkpointThenRedeploy(JobGraph current, JobGraph next, String what, CompletableFuture<String> result) {
    String why = target.whyNotRescalable();
    if (why != null) {
      target.releaseTaskManagersBeyond(current);
      result.completeExceptionally(new IllegalStateException(why));
      return;
    }
    long started = System.currentTimeMillis();
    target.checkpoint(checkpointMaxAgeMillis).whenComplete((checkpointId, failure) -> {
      if (failure != null) {
        target.releaseTaskManagersBeyond(current);
        result.completeExceptionally(new IllegalStateException("no checkpoint to rescale from: " + message(failure)
            + "; the job keeps running at " + describe(current)));
        return;
      }
      long checkpointMillis = System.currentTimeMillis() - started;
      String notNow = target.whyNotRescalable();
      if (notNow != null) {
        target.releaseTaskManagersBeyond(current);
        result.completeExceptionally(new IllegalStateException(notNow + "; the rescale was given up"));
        return;
      }
      target.redeploy(next, current, "Rescaling " + what + " from checkpoint " + checkpointId)
          .whenComplete((pause, failed) -> {
            if (failed != null) {
              // The job went back to the old plan; the TaskManagers beyond it go once the rescaled
              // attempt's tasks ended (JobRescaling), not now, while they may still run some.
              result.completeExceptionally(new IllegalStateException(message(failed)));
            } else {
              result.complete(what + " from checkpoint " + checkpointId + " (taken in " + checkpointMillis
                  + " ms); TaskManagers " + target.taskManagersFor(current) + " -> " + target.taskManagersFor(next)
                  + "; the tasks paused " + pause + " ms (first CancelTask sent to every task restored and RUNNING)");
            }
          });
    });
  }

  private CompletableFuture<String> refuse(CompletableFuture<String> result, String why) {
    LOG.warn("Rescale of job {} refused: {}", jobId, why);
    result.completeExceptionally(new IllegalArgumentException(why));
    return result;
  }

  /** The entries of {@code wanted} whose parallelism differs from the task's in {@code graph}. */
  static Map<Integer, Integer> differences(Map<Integer, Integer> wanted, JobGraph graph) {
    Map<Integer, Integer> diff = new TreeMap<>();
    for (Map.Entry<Integer, Integer> e : wanted.entrySet()) {
      JobVertex v = graph.vertex(e.getKey());
      if (v != null && v.parallelism() != e.getValue()) {
        diff.put(e.getKey(), e.getValue());
      }
    }
    return diff;
  }

  /** "p=2 (Source: numbers -> map), p=1 (sink)": each task's parallelism. */
  public static String describe(JobGraph graph) {
    StringBuilder sb = new StringBuilder("[");
    for (JobVertex v : graph.vertices()) {
      sb.append(sb.length() > 1 ? ", " : "").append(v.name()).append(" p=").append(v.parallelism());
    }
    return sb.append(']').toString();
  }

  private static String message(Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    return cause.getMessage() != null ? cause.getMessage() : cause.toString();
  }
}
