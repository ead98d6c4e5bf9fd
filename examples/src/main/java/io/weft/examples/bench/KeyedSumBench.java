package io.weft.examples.bench;

import io.weft.api.environment.JobExecutionResult;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.source.GeneratorSource;
import io.weft.api.tuple.Tuple3;
import io.weft.core.types.TypeHint;

/**
 * Benchmark job J1 of ../shared/anchors (keyBy(key) -> running sum of value -> counting sink) on
 * the anchor's input: record i = (mix(i) mod 10000, i/100 - mix(i) mod 500, i). Prints one line
 * in the anchor's format: {@code engine=weft job=J1 backend=none p=.. records=.. outputs=.. seconds=.. rps=..}.
 * Usage: {@code KeyedSumBench [--records N] [--parallelism P]}; without --parallelism, from -p.
 */
public final class KeyedSumBench {

  private KeyedSumBench() {}

  /** SplitMix64's finaliser, as the anchor defines it. */
  static long mix(long i) {
    long z = i * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L;
    return z ^ (z >>> 29);
  }

  public static void main(String[] args) throws Exception {
    long n = 20_000_000L;
    int parallelism = -1;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--records" -> n = Long.parseLong(args[i + 1]);
        case "--parallelism" -> parallelism = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    if (parallelism > 0) {
      env.setParallelism(parallelism);
    }
    env.fromSource(new GeneratorSource<>(i -> {
      long m = mix(i) & Long.MAX_VALUE;
      return Tuple3.of(m % 10_000, i / 100 - m % 500, i);
    }, n), "generator").returns(new TypeHint<Tuple3<Long, Long, Long>>() {})
        .keyBy(e -> e.f0)
        .sum(2)
        .sinkTo(new CountingSink<>());
    CountingSink.SEEN.set(0);
    long start = System.nanoTime();
    JobExecutionResult result = env.execute("J1");
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("engine=weft job=J1 backend=none p=%d records=%d outputs=%d seconds=%.2f rps=%.0f%n",
        env.getParallelism(), n, CountingSink.SEEN.get(), seconds, n / seconds);
    if (result == null) {
      throw new IllegalStateException("no result");
    }
  }
}
