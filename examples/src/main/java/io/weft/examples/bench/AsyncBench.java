package io.weft.examples.bench;

import io.weft.api.datastream.AsyncDataStream;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.async.ResultFuture;
import io.weft.api.functions.async.RichAsyncFunction;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Async I/O against a simulated service that answers every request after a fixed latency (a
 * scheduled executor per subtask, no network): sequence source, {@code orderedWait} or
 * {@code unorderedWait} at a capacity, counting sink. The ideal throughput is p × capacity /
 * latency; {@code scripts/bench/flink-async/run.sh} runs the same job on Flink 1.20.
 *
 * <p>Usage: {@code AsyncBench [--records N] [--capacity C] [--latency-ms L] [--mode ordered|unordered]
 * [--p P]}. Prints {@code engine=weft job=async mode=.. p=.. capacity=.. latency-ms=.. records=..
 * outputs=.. seconds=.. steady_seconds=.. steady_rec_s=.. ideal_rec_s=..}; steady time runs from the
 * first request to the end.
 */
public final class AsyncBench {
  static final String USAGE = "AsyncBench [--records N] [--capacity C] [--latency-ms L] [--mode ordered|unordered]"
      + " [--p P]";
  /** The first request's time (System.nanoTime), over all subtasks of this JVM. */
  static final AtomicLong FIRST_REQUEST = new AtomicLong(Long.MAX_VALUE);

  private AsyncBench() {}

  public static void main(String[] args) throws Exception {
    BenchArgs a = new BenchArgs(args, List.of("--records", "--capacity", "--latency-ms", "--mode", "--p"), USAGE);
    long records = a.getLong("--records", 100_000);
    int capacity = (int) a.getLong("--capacity", 100);
    long latencyMs = a.getLong("--latency-ms", 10);
    String mode = a.get("--mode", "ordered");
    int p = (int) a.getLong("--p", 1);
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    env.setParallelism(p);
    var input = env.fromSequence(0, records - 1);
    var service = new SimulatedService(latencyMs);
    var out = mode.equals("ordered")
        ? AsyncDataStream.orderedWait(input, service, 60, TimeUnit.SECONDS, capacity)
        : AsyncDataStream.unorderedWait(input, service, 60, TimeUnit.SECONDS, capacity);
    out.name("Async lookup").sinkTo(new CountingSink<>()).name("Sink: count");
    CountingSink.SEEN.set(0);
    FIRST_REQUEST.set(Long.MAX_VALUE);
    long start = System.nanoTime();
    env.execute("Async bench");
    long end = System.nanoTime();
    double seconds = (end - start) / 1e9;
    double steady = (end - FIRST_REQUEST.get()) / 1e9;
    System.out.printf("engine=weft job=async mode=%s p=%d capacity=%d latency-ms=%d records=%d outputs=%d seconds=%.3f"
        + " steady_seconds=%.3f steady_rec_s=%.0f ideal_rec_s=%.0f%n", mode, p, capacity, latencyMs, records,
        CountingSink.SEEN.get(), seconds, steady, records / steady, p * capacity * 1000.0 / latencyMs);
  }

  /** Answers x with x after the latency, from one scheduler thread per subtask. */
  static final class SimulatedService extends RichAsyncFunction<Long, Long> {
    private static final long serialVersionUID = 1L;
    private final long latencyMs;
    private transient ScheduledExecutorService scheduler;

    SimulatedService(long latencyMs) {
      this.latencyMs = latencyMs;
    }

    @Override
    public void open() {
      scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @Override
    public void asyncInvoke(Long input, ResultFuture<Long> resultFuture) {
      FIRST_REQUEST.accumulateAndGet(System.nanoTime(), Math::min);
      scheduler.schedule(() -> resultFuture.complete(List.of(input)), latencyMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
      scheduler.shutdownNow();
    }
  }
}
