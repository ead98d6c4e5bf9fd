package io.weft.examples.bench;

/**
 * Counts latencies in microseconds into buckets of at most 1/64 (1.6%) relative width, so
 * percentiles cost no memory per sample. Values below 128 us are exact. Not thread-safe: one per
 * writer, merged at the end.
 *
 * <p>Uses nothing but java.lang, because the Flink latency job (scripts/bench/flink-latency)
 * compiles this same file, so both engines are measured by the same code.
 */
public final class LatencyHistogram {
  /** Mantissa bits: 2^6 = 64 sub-buckets per power of two. */
  private static final int SUB_BITS = 6;
  private static final int SUB = 1 << SUB_BITS;
  private final long[] counts = new long[(64 - SUB_BITS) * SUB + 2 * SUB];
  private long total;

  public void record(long micros) {
    long v = Math.max(0, micros);
    counts[index(v)]++;
    total++;
  }

  public synchronized void addAll(LatencyHistogram other) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
  }

  public synchronized long count() {
    return total;
  }

  /** The smallest recorded value v (to the bucket's upper edge) with at least {@code q} of the samples <= v. */
  public synchronized long percentile(double q) {
    if (total == 0) {
      return -1;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= Math.max(1, rank)) {
        return upperEdge(i);
      }
    }
    return upperEdge(counts.length - 1);
  }

  private static int index(long v) {
    if (v < 2 * SUB) {
      return (int) v;
    }
    int shift = 63 - Long.numberOfLeadingZeros(v) - SUB_BITS; // >= 1
    return (shift + 1) * SUB + (int) ((v >>> shift) - SUB);
  }

  private static long upperEdge(int index) {
    if (index < 2 * SUB) {
      return index;
    }
    int shift = index / SUB - 1;
    long mantissa = SUB + index % SUB;
    return ((mantissa + 1) << shift) - 1;
  }
}
