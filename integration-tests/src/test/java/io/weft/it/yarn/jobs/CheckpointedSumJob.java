package io.weft.it.yarn.jobs;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.source.GeneratorSource;
import io.weft.api.tuple.Tuple2;
import io.weft.core.types.TypeHint;
import io.weft.core.types.TypeInfo;

/**
 * Running sums per key (v mod 10) of 0..count-1, generated at {@code rate} per second, written as
 * "key TAB sum" lines; with checkpointing on, its keyed state is checkpointed while it runs.
 * Arguments: {@code <count> <rate per second> <output directory>}.
 */
public final class CheckpointedSumJob {
  private CheckpointedSumJob() {}

  public static void main(String[] args) throws Exception {
    long count = Long.parseLong(args[0]);
    double rate = Double.parseDouble(args[1]);
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    env.fromSource(new GeneratorSource<>(i -> i, count, rate), "numbers", TypeInfo.of(Long.class))
        .map(v -> Tuple2.of(v % 10, v)).returns(new TypeHint<Tuple2<Long, Long>>() {})
        .keyBy(t -> t.f0, TypeInfo.of(Long.class))
        .reduce((a, b) -> Tuple2.of(a.f0, a.f1 + b.f1)).name("Sums")
        .map(t -> t.f0 + "\t" + t.f1).returns(String.class)
        .writeAsText(args[2]);
    env.execute("Checkpointed sums");
  }
}
