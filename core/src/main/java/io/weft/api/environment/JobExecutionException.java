package io.weft.api.environment;

/** A job ended without success; the message says which task and operator failed, and why. */
public class JobExecutionException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String jobId;

  public JobExecutionException(String jobId, String message, Throwable cause) {
    super(message, cause);
    this.jobId = jobId;
  }

  public String getJobId() {
    return jobId;
  }
}
