package io.weft.it.jobs;

import io.weft.api.environment.StreamEnvironment;

/** A program whose plan is one source and one sink, for tests that check what happens around a submission. */
public final class TinyPlanJob {
  private TinyPlanJob() {}

  public static void main(String[] args) throws Exception {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    env.fromSequence(1, 10).print();
    env.execute("tiny");
  }
}
