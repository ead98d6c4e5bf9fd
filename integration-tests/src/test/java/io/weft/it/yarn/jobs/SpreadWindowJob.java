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
 * Sums per key (v mod {@value #KEYS}) and one-second event-time window of 0..count-1 (number v at
 * event time v * 10 ms, watermarks 2 s behind), paced at a fixed rate over all source subtasks, and
 * written through the exactly-once file sink as "key TAB window TAB sum" lines. Run at the
 * parallelism of the command line; the pace makes it last long enough to lose containers in the
 * middle. Arguments: {@code <output directory> <count> <elements per second>}.
 */
public final class SpreadWindowJob {
  public static final long KEYS = 64;

  private SpreadWindowJob() {}

  public static void main(String[] args) throws Exception {
    long count = Long.parseLong(args[1]);
    double rate = Double.parseDouble(args[2]);
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    env.fromSource(new GeneratorSource<>(i -> i, count, rate), "numbers", TypeInfo.of(Long.class))
        .assignTimestampsAndWatermarks(WatermarkStrategy.<Long>forBoundedOutOfOrderness(Duration.ofSeconds(2))
            .withTimestampAssigner((v, ts) -> v * 10))
        .map(v -> Tuple3.of(v % KEYS, v / 100, v)).returns(new TypeHint<Tuple3<Long, Long, Long>>() {})
        .keyBy(t -> t.f0, TypeInfo.of(Long.class))
        .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
        .reduce((a, b) -> Tuple3.of(a.f0, a.f1, a.f2 + b.f2)).name("WindowSums")
        .map(t -> t.f0 + "\t" + t.f1 + "\t" + t.f2).returns(String.class)
        .writeAsTextExactlyOnce(args[0]);
    env.execute("Spread windowed sums");
  }
}
