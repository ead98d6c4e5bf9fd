package io.weft.it.yarn.jobs;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.MapFunction;

/** A job whose user code throws on the 100th element: it fails at run time, on the TaskManager. */
public final class FailingJob {
  public static final String MESSAGE = "user code failed on purpose at element 100";

  private FailingJob() {}

  public static void main(String[] args) throws Exception {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    env.fromSequence(1, 1_000)
        .map(new Thrower()).name("Thrower")
        .print();
    env.execute("Failing job");
  }

  /** Throws on element 100. */
  public static final class Thrower implements MapFunction<Long, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public Long map(Long value) {
      if (value == 100L) {
        throw new IllegalStateException(MESSAGE);
      }
      return value;
    }
  }
}
