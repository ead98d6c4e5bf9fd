package io.weft.it.yarn.jobs;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.eventtime.WatermarkStrategy;
import io.weft.api.source.GeneratorSource;
import io.weft.api.tuple.Tuple3;
import io.weft.api.windowing.assigners.TumblingEventTimeWindows;
import io.weft.core.types.TypeHint;
import io.weft.core.types.TypeInfo;
import java.time.Duration;

/**
 * Sums per key (v mod 10) and one-second event-time window of 0..{@value #COUNT}-1 (number v at
 * event time v * 10 ms, watermarks 2 s behind), written through the exactly-once file sink as
 * "key TAB window TAB sum" lines, with a task that fails three times mid-stream ({@link
 * FailThrice}). Window contents and timers come back from the checkpoints: every window's line
 * appears exactly once, with its exact sum.
 * Arguments: {@code <marker directory> <output directory>}.
 */
public final class WindowedSumJob {
  public static final long COUNT = 20_000;

  private WindowedSumJob() {}

  public static void main(String[] args) throws Exception {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    env.fromSource(new GeneratorSource<>(i -> i, COUNT, 2_000), "numbers", TypeInfo.of(Long.class))
        .map(new FailThrice(args[0])).returns(Long.class).name("FailThrice")
        .assignTimestampsAndWatermarks(WatermarkStrategy.<Long>forBoundedOutOfOrderness(Duration.ofSeconds(2))
            .withTimestampAssigner((v, ts) -> v * 10))
        .map(v -> Tuple3.of(v % 10, v / 100, v)).returns(new TypeHint<Tuple3<Long, Long, Long>>() {})
        .keyBy(t -> t.f0, TypeInfo.of(Long.class))
        .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
        .reduce((a, b) -> Tuple3.of(a.f0, a.f1, a.f2 + b.f2)).name("WindowSums")
        .map(t -> t.f0 + "\t" + t.f1 + "\t" + t.f2).returns(String.class)
        .writeAsTextExactlyOnce(args[1]);
    env.execute("Windowed sums");
  }
}
