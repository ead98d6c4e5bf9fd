package io.weft.it.yarn.jobs;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.MapFunction;

/**
 * Doubles 1..1000 and writes them to {@code args[0]}: one chain of forward edges, so each parallel
 * slice is independent and the job can spread over several TaskManagers without a data plane.
 */
public final class ForwardJob {
  private ForwardJob() {}

  public static void main(String[] args) throws Exception {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    env.fromSequence(1, 1_000)
        .map(new Doubler()).name("Doubler")
        .writeAsText(args[0]).name("Sink: numbers");
    env.execute("Forward job");
  }

  /** x -> 2x. */
  public static final class Doubler implements MapFunction<Long, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public Long map(Long value) {
      return value * 2;
    }
  }
}
