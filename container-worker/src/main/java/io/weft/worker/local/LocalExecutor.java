package io.weft.worker.local;

import io.weft.api.environment.JobClient;
import io.weft.api.environment.PipelineExecutor;
import io.weft.core.config.Configuration;
import io.weft.core.plan.JobGraph;
import io.weft.core.plan.PlanFile;

/** Runs jobs in this JVM: one TaskManager with a slot per parallel pipeline, the same task code as on YARN. */
public final class LocalExecutor implements PipelineExecutor {
  @Override
  public String name() {
    return "local";
  }

  @Override
  public JobClient execute(JobGraph jobGraph, Configuration configuration) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    // Through the same serialization as a staged plan: what cannot be shipped to YARN fails here too.
    LocalJob job = new LocalJob(PlanFile.copy(jobGraph, loader != null ? loader : getClass().getClassLoader()),
        loader);
    job.start();
    return job;
  }
}
