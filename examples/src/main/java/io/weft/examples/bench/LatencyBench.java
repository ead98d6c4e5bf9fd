package io.weft.examples.bench;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.tuple.Tuple3;
import io.weft.core.types.TypeHint;
import io.weft.core.types.TypeInfo;
import java.util.List;

/**
 * End-to-end latency of J1's shape (keyBy(key) -> running sum -> sink) under a paced source: the
 * source emits {@code --rate} records per second over all subtasks, each carrying the
 * {@link System#nanoTime()} of its emission; the sink measures the time since then (same JVM, so
 * the same clock). The first quarter of the run is warm-up and not counted. The sum keeps the
 * newest element's emission time, so every output measures the element that caused it.
 *
 * <p>Prints {@code engine=weft job=latency p=.. buffer-timeout-ms=.. rate=.. records=.. samples=..
 * p50-us=.. p99-us=.. seconds=..}. Scripts/bench/flink-latency does the same on Flink.
 *
 * <p>Usage: {@code LatencyBench --rate R [--seconds S] [--buffer-timeout MS] [--parallelism P]}.
 */
public final class LatencyBench {
  private static final String USAGE = "LatencyBench --rate R [--seconds S] [--buffer-timeout MS] [--parallelism P]";

  private LatencyBench() {}

  public static void main(String[] args) throws Exception {
    BenchArgs a = new BenchArgs(args, List.of("--rate", "--seconds", "--buffer-timeout", "--parallelism"), USAGE);
    long rate = a.getLong("--rate", 0);
    long seconds = a.getLong("--seconds", 20);
    if (rate <= 0 || seconds <= 0) {
      throw new IllegalArgumentException("--rate and --seconds must be positive; usage: " + USAGE);
    }
    long bufferTimeout = a.getLong("--buffer-timeout", 100);
    long n = rate * seconds;
    StreamEnvironment env = a.environment();
    env.fromSource(BenchInput.pacedSource(n, rate), "paced generator")
        .returns(new TypeHint<Tuple3<Long, Long, Long>>() {})
        .keyBy(e -> e.f0, TypeInfo.of(Long.class))
        .reduce((acc, e) -> Tuple3.of(e.f0, e.f1, acc.f2 + e.f2))
        .sinkTo(new LatencySink(seconds * 1000 / 4));
    long start = System.nanoTime();
    env.execute("latency");
    double took = (System.nanoTime() - start) / 1e9;
    LatencyHistogram h = LatencySink.ALL;
    System.out.printf("engine=weft job=latency p=%d buffer-timeout-ms=%d rate=%d records=%d samples=%d p50-us=%d "
            + "p99-us=%d seconds=%.2f%n", env.getParallelism(), bufferTimeout, rate, n, h.count(), h.percentile(0.5),
        h.percentile(0.99), took);
  }
}
