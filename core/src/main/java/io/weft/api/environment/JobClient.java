package io.weft.api.environment;

import java.util.concurrent.CompletableFuture;

/** A handle on a submitted job. */
public interface JobClient {
  String getJobId();

  JobStatus getJobStatus();

  /** Asks the job to stop; the result future then completes exceptionally with the cancellation. */
  void cancel();

  /** Completes when the job ends: normally when it finished, exceptionally when it failed or was cancelled. */
  CompletableFuture<JobExecutionResult> getJobExecutionResult();
}
