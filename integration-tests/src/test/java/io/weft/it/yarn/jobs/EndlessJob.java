package io.weft.it.yarn.jobs;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.datastream.DataStream;
import io.weft.api.source.GeneratorSource;
import io.weft.core.types.TypeInfo;

/** An unbounded job that runs until it is canceled: 100 numbers per second, none printed. */
public final class EndlessJob {
  private EndlessJob() {}

  public static void main(String[] args) throws Exception {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    DataStream<Long> numbers = env.fromSource(new GeneratorSource<Long>(i -> i, Long.MAX_VALUE, 100), "Endless numbers");
    numbers.getTransformation().setOutputType(TypeInfo.of(Long.class));
    numbers
        .filter(x -> x < 0).name("Nothing")
        .print();
    env.execute("Endless job");
  }
}
