package io.weft.examples.bench;

import io.weft.api.source.GeneratorSource;
import io.weft.api.tuple.Tuple3;

/**
 * The input of the anchor jobs (../shared/anchors/flink-bench), defined once: subtask k of p emits
 * sequence numbers i = k, k+p, ... below N, and record i is (mix(i) mod 10000, i/100 - mix(i) mod
 * 500, i): key, event time in ms (100,000 events per second of event time, up to 499 ms out of
 * order) and value.
 */
public final class BenchInput {
  private BenchInput() {}

  /** SplitMix64's finaliser, as the anchor defines it. */
  public static long mix(long i) {
    long z = i * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L;
    return z ^ (z >>> 29);
  }

  public static long key(long i) {
    return (mix(i) & Long.MAX_VALUE) % 10_000;
  }

  public static Tuple3<Long, Long, Long> record(long i) {
    long m = mix(i) & Long.MAX_VALUE;
    return Tuple3.of(m % 10_000, i / 100 - m % 500, i);
  }

  /** The anchor's input: N records as fast as they can be taken. */
  public static GeneratorSource<Tuple3<Long, Long, Long>> source(long n) {
    return new GeneratorSource<>(BenchInput::record, n);
  }

  /**
   * The latency run's input: the anchor's keys, with {@link System#nanoTime()} at emission in
   * place of the event time, paced to {@code recordsPerSecond} over all subtasks.
   */
  public static GeneratorSource<Tuple3<Long, Long, Long>> pacedSource(long n, double recordsPerSecond) {
    return new GeneratorSource<>(i -> Tuple3.of(key(i), System.nanoTime(), i), n, recordsPerSecond);
  }
}
