package io.weft.it.yarn.jobs;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.source.GeneratorSource;
import io.weft.api.tuple.Tuple2;
import io.weft.core.types.TypeHint;
import io.weft.core.types.TypeInfo;

/**
 * Running sums per key (v mod 10) of 0..{@value #COUNT}-1, written as "key TAB sum" lines, with a
 * task that fails three times mid-stream ({@link FailThrice}). Restored from its checkpoints, the
 * last line of each key must still be its exact total.
 * Arguments: {@code <marker directory> <output directory> [<count>]} (the numbers below {@code
 * count}, default {@value #COUNT}; a run resumed from the final checkpoint reads none of them, as its
 * source had finished).
 */
public final class RecoveringSumJob {
  public static final long COUNT = 20_000;

  private RecoveringSumJob() {}

  public static void main(String[] args) throws Exception {
    String markers = args[0];
    String output = args[1];
    long count = args.length > 2 ? Long.parseLong(args[2]) : COUNT;
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    env.fromSource(new GeneratorSource<>(i -> i, count, 2_000), "numbers", TypeInfo.of(Long.class))
        .map(new FailThrice(markers)).returns(Long.class).name("FailThrice")
        .map(v -> Tuple2.of(v % 10, v)).returns(new TypeHint<Tuple2<Long, Long>>() {})
        .keyBy(t -> t.f0, TypeInfo.of(Long.class))
        .reduce((a, b) -> Tuple2.of(a.f0, a.f1 + b.f1)).name("Sums")
        .map(t -> t.f0 + "\t" + t.f1).returns(String.class)
        .writeAsText(output);
    env.execute("Recovering sums");
  }
}
