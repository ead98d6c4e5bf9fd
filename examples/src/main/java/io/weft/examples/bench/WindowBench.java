package io.weft.examples.bench;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.eventtime.WatermarkStrategy;
import io.weft.api.functions.AggregateFunction;
import io.weft.api.source.GeneratorSource;
import io.weft.api.tuple.Tuple3;
import io.weft.api.windowing.assigners.SlidingEventTimeWindows;
import io.weft.api.windowing.assigners.TumblingEventTimeWindows;
import io.weft.api.windowing.assigners.WindowAssigner;
import io.weft.api.windowing.windows.TimeWindow;
import io.weft.core.types.TypeHint;
import java.time.Duration;

/**
 * Benchmark jobs J2 and J3 of ../shared/anchors on the anchor's input (see {@link KeyedSumBench}):
 * bounded out-of-orderness 500 ms -> keyBy(key) -> count per event-time window (J2: 1 s
 * tumbling; J3: 10 s sliding by 1 s) -> counting sink. Prints one line in the anchor's format:
 * {@code engine=weft job=J2 backend=none p=.. records=.. outputs=.. seconds=.. rps=..}.
 * Usage: {@code WindowBench [--job J2|J3] [--records N] [--parallelism P]}.
 */
public final class WindowBench {

  private WindowBench() {}

  public static void main(String[] args) throws Exception {
    String job = "J2";
    long n = 20_000_000L;
    int parallelism = -1;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--job" -> job = args[i + 1];
        case "--records" -> n = Long.parseLong(args[i + 1]);
        case "--parallelism" -> parallelism = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    WindowAssigner<Object, TimeWindow> windows = switch (job) {
      case "J2" -> TumblingEventTimeWindows.of(Duration.ofSeconds(1));
      case "J3" -> SlidingEventTimeWindows.of(Duration.ofSeconds(10), Duration.ofSeconds(1));
      default -> throw new IllegalArgumentException("unknown job " + job + "; J2 or J3");
    };
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    if (parallelism > 0) {
      env.setParallelism(parallelism);
    }
    env.fromSource(new GeneratorSource<>(i -> {
      long m = KeyedSumBench.mix(i) & Long.MAX_VALUE;
      return Tuple3.of(m % 10_000, i / 100 - m % 500, i);
    }, n), "generator").returns(new TypeHint<Tuple3<Long, Long, Long>>() {})
        .assignTimestampsAndWatermarks(WatermarkStrategy.<Tuple3<Long, Long, Long>>forBoundedOutOfOrderness(
            Duration.ofMillis(500)).withTimestampAssigner((e, ts) -> e.f1))
        .keyBy(e -> e.f0)
        .window(windows)
        .aggregate(new Count())
        .sinkTo(new CountingSink<>());
    CountingSink.SEEN.set(0);
    long start = System.nanoTime();
    env.execute(job);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("engine=weft job=%s backend=none p=%d records=%d outputs=%d seconds=%.2f rps=%.0f%n",
        job, env.getParallelism(), n, CountingSink.SEEN.get(), seconds, n / seconds);
  }

  /** Counts the elements of a window, as the anchor's Count does. */
  static final class Count implements AggregateFunction<Tuple3<Long, Long, Long>, Long, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public Long createAccumulator() {
      return 0L;
    }

    @Override
    public Long add(Tuple3<Long, Long, Long> value, Long acc) {
      return acc + 1;
    }

    @Override
    public Long getResult(Long acc) {
      return acc;
    }

    @Override
    public Long merge(Long a, Long b) {
      return a + b;
    }
  }
}
