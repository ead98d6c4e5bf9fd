package io.weft.it.yarn.jobs;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.source.GeneratorSource;
import io.weft.api.tuple.Tuple2;
import io.weft.core.types.TypeHint;
import io.weft.core.types.TypeInfo;

/**
 * Running sums per key (v mod 10) of 0..count-1 at a given rate, every update a "key TAB sum" line
 * through the exactly-once file sink: the source has parallelism 1 and the sums follow {@code -yp},
 * so with one slot per TaskManager the records of some keys cross to another TaskManager.
 * Arguments: {@code <output directory> <count> <records per second>}.
 */
public final class PacedSumJob {
  private PacedSumJob() {}

  public static void main(String[] args) throws Exception {
    long count = Long.parseLong(args[1]);
    int rate = Integer.parseInt(args[2]);
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    env.fromSource(new GeneratorSource<>(i -> i, count, rate), "numbers", TypeInfo.of(Long.class))
        .setParallelism(1)
        .map(v -> Tuple2.of(v % 10, v)).returns(new TypeHint<Tuple2<Long, Long>>() {}).setParallelism(1)
        .keyBy(t -> t.f0, TypeInfo.of(Long.class))
        .reduce((a, b) -> Tuple2.of(a.f0, a.f1 + b.f1)).name("Sums")
        .map(t -> t.f0 + "\t" + t.f1).returns(String.class)
        .writeAsTextExactlyOnce(args[0]);
    env.execute("Paced sums");
  }
}
