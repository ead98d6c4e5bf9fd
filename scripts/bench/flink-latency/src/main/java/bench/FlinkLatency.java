package bench;

import io.weft.examples.bench.LatencyHistogram;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.RichSinkFunction;
import org.apache.flink.streaming.api.functions.source.RichParallelSourceFunction;

/**
 * The latency job of Weft's LatencyBench, on Apache Flink's local MiniCluster: a source paced to
 * RATE records per second over all subtasks emits (key, System.nanoTime(), i) with the anchor's
 * keys, keyBy(key) -> running sum keeping the newest emission time -> a sink that records the time
 * since emission after the first quarter of the run, into the same histogram class Weft's run uses.
 *
 * <p>Usage: FlinkLatency P RATE SECONDS BUFFER_TIMEOUT_MS. Prints {@code engine=flink job=latency
 * p=.. buffer-timeout-ms=.. rate=.. records=.. samples=.. p50-us=.. p99-us=.. seconds=..}.
 */
public final class FlinkLatency {
  /** Where the sinks' histograms meet: the MiniCluster runs in this JVM. */
  static final LatencyHistogram ALL = new LatencyHistogram();

  static long key(long i) {
    long z = i * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L;
    z = z ^ (z >>> 29);
    return (z & Long.MAX_VALUE) % 10_000;
  }

  /** This subtask's share of 0..n-1, paced as Weft's GeneratorSource paces: at most 512 per turn, else a 1 ms pause. */
  public static final class PacedGenerator extends RichParallelSourceFunction<Tuple3<Long, Long, Long>> {
    private final long n;
    private final double rate;
    private volatile boolean running = true;

    PacedGenerator(long n, double rate) {
      this.n = n;
      this.rate = rate;
    }

    @Override
    public void run(SourceContext<Tuple3<Long, Long, Long>> ctx) {
      int p = getRuntimeContext().getNumberOfParallelSubtasks();
      double perSubtask = rate / p;
      long start = System.nanoTime();
      long emitted = 0;
      long i = getRuntimeContext().getIndexOfThisSubtask();
      while (i < n && running) {
        long allowed = (long) ((System.nanoTime() - start) / 1e9 * perSubtask) - emitted;
        if (allowed <= 0) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
          continue;
        }
        for (long k = Math.min(512, allowed); k > 0 && i < n; k--, i += p, emitted++) {
          synchronized (ctx.getCheckpointLock()) {
            ctx.collect(Tuple3.of(key(i), System.nanoTime(), i));
          }
        }
      }
    }

    @Override
    public void cancel() {
      running = false;
    }
  }

  /** Records latencies after its warm-up; merges them into ALL when it closes. */
  public static final class LatencySink extends RichSinkFunction<Tuple3<Long, Long, Long>> {
    private final long warmupNanos;
    private transient LatencyHistogram mine;
    private transient long firstNanos;

    LatencySink(long warmupMillis) {
      this.warmupNanos = warmupMillis * 1_000_000L;
    }

    @Override
    public void invoke(Tuple3<Long, Long, Long> value, Context context) {
      long now = System.nanoTime();
      if (mine == null) {
        mine = new LatencyHistogram();
        firstNanos = now;
      }
      if (now - firstNanos >= warmupNanos) {
        mine.record((now - value.f1) / 1000);
      }
    }

    @Override
    public void close() {
      if (mine != null) {
        ALL.addAll(mine);
      }
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      throw new IllegalArgumentException("usage: FlinkLatency P RATE SECONDS BUFFER_TIMEOUT_MS");
    }
    int p = Integer.parseInt(args[0]);
    long rate = Long.parseLong(args[1]);
    long seconds = Long.parseLong(args[2]);
    long bufferTimeout = Long.parseLong(args[3]);
    long n = rate * seconds;
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(p);
    env.setBufferTimeout(bufferTimeout);
    env.addSource(new PacedGenerator(n, rate)).name("paced generator")
        .keyBy(e -> e.f0)
        .reduce((acc, e) -> Tuple3.of(e.f0, e.f1, acc.f2 + e.f2))
        .addSink(new LatencySink(seconds * 1000 / 4));
    long start = System.nanoTime();
    env.execute("latency");
    double took = (System.nanoTime() - start) / 1e9;
    System.out.printf("engine=flink job=latency p=%d buffer-timeout-ms=%d rate=%d records=%d samples=%d p50-us=%d "
            + "p99-us=%d seconds=%.2f%n", p, bufferTimeout, rate, n, ALL.count(), ALL.percentile(0.5),
        ALL.percentile(0.99), took);
  }
}
