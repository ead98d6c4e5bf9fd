package io.weft.it.yarn.jobs;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.source.GeneratorSource;
import io.weft.api.tuple.Tuple2;
import io.weft.core.types.TypeHint;
import io.weft.core.types.TypeInfo;

/**
 * Running sums per key (v mod 10) of 0..{@value #COUNT}-1, every update written as a "key TAB sum"
 * line through the exactly-once file sink, so that the output of a run stopped with a savepoint
 * plus that of a run resumed from it is exactly one line per number. Every operator has a uid;
 * the source and its map keep parallelism 1 (its position is per subtask), the rest follow {@code -yp}.
 * Arguments: {@code <output directory>}.
 */
public final class SavepointSumJob {
  public static final long COUNT = 30_000;

  private SavepointSumJob() {}

  public static void main(String[] args) throws Exception {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    env.fromSource(new GeneratorSource<>(i -> i, COUNT, 2_000), "numbers", TypeInfo.of(Long.class))
        .uid("numbers").setParallelism(1)
        .map(v -> Tuple2.of(v % 10, v)).returns(new TypeHint<Tuple2<Long, Long>>() {}).uid("pairs")
        .setParallelism(1) // one producer: each key's updates keep their order, so every sum is known
        .keyBy(t -> t.f0, TypeInfo.of(Long.class))
        .reduce((a, b) -> Tuple2.of(a.f0, a.f1 + b.f1)).name("Sums").uid("sums")
        .map(t -> t.f0 + "\t" + t.f1).returns(String.class).uid("lines")
        .writeAsTextExactlyOnce(args[0]).uid("sink");
    env.execute("Savepoint sums");
  }
}
