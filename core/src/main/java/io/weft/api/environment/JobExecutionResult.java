package io.weft.api.environment;

/** What a finished job reports back. */
public final class JobExecutionResult {
  private final String jobId;
  private final long netRuntimeMillis;

  public JobExecutionResult(String jobId, long netRuntimeMillis) {
    this.jobId = jobId;
    this.netRuntimeMillis = netRuntimeMillis;
  }

  public String getJobId() {
    return jobId;
  }

  public long getNetRuntimeMillis() {
    return netRuntimeMillis;
  }

  @Override
  public String toString() {
    return "JobExecutionResult{job " + jobId + ", " + netRuntimeMillis + " ms}";
  }
}
