package io.weft.worker.local;

import io.weft.api.environment.JobClient;
import io.weft.api.environment.PipelineExecutor;
import io.weft.core.config.Configuration;
import io.weft.core.plan.JobGraph;

/** Runs jobs in this JVM: one TaskManager with a slot per parallel pipeline, the same task code as on YARN. */
public final class LocalExecutor implements PipelineExecutor {
  @Override
  public String name() {
    return "local";
  }

  @Override
  public JobClient execute(JobGraph jobGraph, Configuration configuration) {
    LocalJob job = new LocalJob(jobGraph, Thread.currentThread().getContextClassLoader());
    job.start();
    return job;
  }
}
