package io.weft.examples.bench;

import io.weft.api.datastream.KeyedStream;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.eventtime.WatermarkStrategy;
import io.weft.api.functions.AggregateFunction;
import io.weft.api.source.GeneratorSource;
import io.weft.api.tuple.Tuple3;
import io.weft.api.windowing.assigners.SlidingEventTimeWindows;
import io.weft.api.windowing.assigners.TumblingEventTimeWindows;
import io.weft.core.config.CoreOptions;
import io.weft.core.types.TypeHint;
import io.weft.core.types.TypeInfo;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The jobs of ../shared/anchors/flink-bench on Weft, on the same input ({@link BenchInput}) with
 * the same semantics:
 *
 * <ul>
 *   <li>J1: keyBy(key) -> running sum of value -> counting sink (one output per record);
 *   <li>J2: bounded out-of-orderness 500 ms -> keyBy(key) -> count per 1 s tumbling event-time
 *       window -> counting sink;
 *   <li>J3: as J2 with 10 s windows sliding by 1 s.
 * </ul>
 *
 * Prints one line in the anchor's format: {@code engine=weft job=J1 backend=none p=2 records=..
 * outputs=.. seconds=.. rps=.. steady_seconds=.. steady_rec_s=..} ({@code seconds} times execute() whole,
 * {@code steady_seconds} runs from the first record a source emitted to the end, as the anchor's). A combination Weft refuses before running (at plan time) prints
 * {@code engine=weft job=.. backend=.. p=.. refused=<reason, to the end of the line>} and exits with
 * status 3.
 *
 * <p>Usage: {@code AnchorBench --job J1|J2|J3 [--backend none|hashmap|rocksdb] [--checkpoint-dir
 * DIR] [--records N] [--parallelism P] [--window-slicing true|false]}; without --parallelism, from -p.
 * Sliding windows are kept as slices unless {@code --window-slicing false}.
 */
public final class AnchorBench {
  static final int REFUSED = 3;
  private static final String USAGE = "AnchorBench --job J1|J2|J3 [--backend none|hashmap|rocksdb] "
      + "[--checkpoint-dir DIR] [--records N] [--parallelism P] [--window-slicing true|false] [--changelog true|false]";

  private AnchorBench() {}

  public static void main(String[] args) throws Exception {
    BenchArgs a = new BenchArgs(args, List.of("--job", "--backend", "--checkpoint-dir", "--records",
        "--parallelism", "--buffer-timeout", "--window-slicing", "--changelog"), USAGE);
    String job = a.get("--job", "J1");
    long n = a.getLong("--records", 20_000_000L);
    String backend = a.backend();
    StreamEnvironment env = a.environment();
    // J3's count merges as it adds, so slices give Flink's results (outputs are compared with the
    // anchor's); --window-slicing false measures the per-window path.
    String slicing = a.get("--window-slicing", "true");
    if (!slicing.equals("true") && !slicing.equals("false")) {
      throw new IllegalArgumentException("--window-slicing must be true or false, not '" + slicing + "'");
    }
    env.getConfiguration().set(CoreOptions.WINDOW_SLICING, slicing.equals("true"));
    // The state changelog (RocksDB only): what its one local append per state write costs.
    String changelog = a.get("--changelog", "false");
    if (!changelog.equals("true") && !changelog.equals("false")) {
      throw new IllegalArgumentException("--changelog must be true or false, not '" + changelog + "'");
    }
    env.getConfiguration().setString("state.changelog.enabled", changelog);
    // The key's type is declared: checkpoints serialize keyed state.
    KeyedStream<Tuple3<Long, Long, Long>, Long> keyed;
    switch (job) {
      case "J1" -> env.fromSource(notingFirst(n), "generator")
          .returns(new TypeHint<Tuple3<Long, Long, Long>>() {})
          .keyBy(e -> e.f0, TypeInfo.of(Long.class))
          .sum(2)
          .sinkTo(new CountingSink<>());
      case "J2", "J3" -> {
        keyed = env.fromSource(notingFirst(n), "generator")
            .returns(new TypeHint<Tuple3<Long, Long, Long>>() {})
            .assignTimestampsAndWatermarks(WatermarkStrategy.<Tuple3<Long, Long, Long>>forBoundedOutOfOrderness(
                Duration.ofMillis(500)).withTimestampAssigner((e, ts) -> e.f1))
            .keyBy(e -> e.f0, TypeInfo.of(Long.class));
        (job.equals("J2")
            ? keyed.window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
            : keyed.window(SlidingEventTimeWindows.of(Duration.ofSeconds(10), Duration.ofSeconds(1))))
            .aggregate(new Count())
            .returns(Long.class)
            .sinkTo(new CountingSink<>());
      }
      default -> throw new IllegalArgumentException("unknown job '" + job + "'; usage: " + USAGE);
    }
    String what = String.format("engine=weft job=%s backend=%s%s p=%d", job, backend,
        changelog.equals("true") ? "+changelog" : "", env.getParallelism());
    CountingSink.SEEN.set(0);
    FIRST_EMIT.set(0);
    long start = System.nanoTime();
    try {
      env.execute(job);
    } catch (IllegalStateException e) {
      // Refused while planning (a JobExecutionException would mean the job ran and failed).
      System.out.println(what + " refused=" + e.getMessage().replaceAll("\\s+", " "));
      System.exit(REFUSED);
    }
    long end = System.nanoTime();
    double seconds = (end - start) / 1e9;
    // As the anchor: seconds times execute() whole, steady_seconds from the first record a source
    // emitted to the end (execute()'s return), the figure to compare throughput on.
    double steady = (end - FIRST_EMIT.get()) / 1e9;
    System.out.printf("%s records=%d outputs=%d seconds=%.2f rps=%.0f steady_seconds=%.2f steady_rec_s=%.0f%n",
        what, n, CountingSink.SEEN.get(), seconds, n / seconds, steady, n / steady);
  }

  /** When the first record left a source (nanoTime); the sources run in this JVM (local execution). */
  static final AtomicLong FIRST_EMIT = new AtomicLong();

  /**
   * The anchor's input, noting when the first record is made. Subtask k's first record is number k,
   * so only numbers below the parallelism look at the clock: one compare per record otherwise.
   */
  private static GeneratorSource<Tuple3<Long, Long, Long>> notingFirst(long n) {
    return new GeneratorSource<>(i -> {
      if (i < MAX_SUBTASKS && FIRST_EMIT.get() == 0) {
        FIRST_EMIT.compareAndSet(0, System.nanoTime());
      }
      return BenchInput.record(i);
    }, n);
  }

  /** Above any parallelism a local benchmark runs at; a few extra clock reads are harmless. */
  private static final long MAX_SUBTASKS = 1024;

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
