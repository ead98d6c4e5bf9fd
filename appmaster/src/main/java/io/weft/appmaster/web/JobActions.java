package io.weft.appmaster.web;

import java.util.concurrent.CompletableFuture;

/**
 * What the REST API's authenticated actions do to the job. The JobManager implements it; tests use a
 * fake to check the web server's side alone.
 */
public interface JobActions {
  /** Cancels the job: its tasks are canceled and the application ends KILLED, {@code reason} in its diagnostics. */
  void cancel(String reason);

  /**
   * Takes a savepoint into {@code targetDirectory} (the configured default if empty); completes with
   * its path. With {@code stopAfter}, the job ends once the savepoint is complete; with {@code drain}
   * (only with stopAfter, Flink's stop --drain) its sources first emit the end of event time, so
   * every event-time window and timer fires before the savepoint.
   */
  CompletableFuture<String> savepoint(String targetDirectory, boolean stopAfter, boolean drain);

  /** A savepoint, or a stop-with-savepoint without draining. */
  default CompletableFuture<String> savepoint(String targetDirectory, boolean stopAfter) {
    return savepoint(targetDirectory, stopAfter, false);
  }

  /**
   * Rescales the running job in place: every task to {@code parallelism} (0 keeps each task's), the
   * tasks {@code vertices} names (id, name, or an operator's name or uid) to theirs. Completes with a
   * summary once every task runs at its new parallelism; fails with why the job kept its old one.
   */
  default CompletableFuture<String> rescale(int parallelism, java.util.Map<String, Integer> vertices, String by) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("this JobManager cannot rescale"));
  }

  /** The autoscaler's latest evaluation and action, or null when it is off. */
  default io.weft.appmaster.autoscale.Autoscaler.Status scaling() {
    return null;
  }
}
