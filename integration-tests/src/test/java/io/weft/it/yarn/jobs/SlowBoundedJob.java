package io.weft.it.yarn.jobs;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.source.GeneratorSource;
import io.weft.core.types.TypeInfo;

/** A bounded job far too slow to end during a test: a million numbers at 200 per second. */
public final class SlowBoundedJob {
  private SlowBoundedJob() {}

  public static void main(String[] args) throws Exception {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    env.fromSource(new GeneratorSource<Long>(i -> i, 1_000_000, 200), "Slow numbers", TypeInfo.of(Long.class))
        .filter(x -> x < 0).name("Nothing")
        .print();
    env.execute("Slow bounded job");
  }
}
