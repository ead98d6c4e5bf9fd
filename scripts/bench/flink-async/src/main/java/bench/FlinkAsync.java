package bench;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.apache.flink.streaming.api.functions.sink.RichSinkFunction;

/**
 * Weft's AsyncBench on Apache Flink's local MiniCluster: sequence source, orderedWait or
 * unorderedWait at a capacity against a simulated service (a scheduled executor per subtask
 * answering after the latency), counting sink. Operator chaining as in Weft (one chain).
 *
 * <p>Usage: FlinkAsync RECORDS CAPACITY LATENCY_MS ordered|unordered P. Prints the line AsyncBench
 * prints, with engine=flink.
 */
public final class FlinkAsync {
  static final AtomicLong FIRST_REQUEST = new AtomicLong(Long.MAX_VALUE);
  static final AtomicLong SEEN = new AtomicLong();

  public static void main(String[] args) throws Exception {
    long records = Long.parseLong(args[0]);
    int capacity = Integer.parseInt(args[1]);
    long latencyMs = Long.parseLong(args[2]);
    String mode = args[3];
    int p = Integer.parseInt(args[4]);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(p);
    DataStream<Long> input = env.fromSequence(0, records - 1);
    SimulatedService service = new SimulatedService(latencyMs);
    DataStream<Long> out = mode.equals("ordered")
        ? AsyncDataStream.orderedWait(input, service, 60, TimeUnit.SECONDS, capacity)
        : AsyncDataStream.unorderedWait(input, service, 60, TimeUnit.SECONDS, capacity);
    out.addSink(new Counting());
    long start = System.nanoTime();
    env.execute("Async bench");
    long end = System.nanoTime();
    double seconds = (end - start) / 1e9;
    double steady = (end - FIRST_REQUEST.get()) / 1e9;
    System.out.printf("engine=flink job=async mode=%s p=%d capacity=%d latency-ms=%d records=%d outputs=%d"
        + " seconds=%.3f steady_seconds=%.3f steady_rec_s=%.0f ideal_rec_s=%.0f%n", mode, p, capacity, latencyMs,
        records, SEEN.get(), seconds, steady, records / steady, p * capacity * 1000.0 / latencyMs);
  }

  static final class SimulatedService extends RichAsyncFunction<Long, Long> {
    private final long latencyMs;
    private transient ScheduledExecutorService scheduler;

    SimulatedService(long latencyMs) {
      this.latencyMs = latencyMs;
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext context) {
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

  static final class Counting extends RichSinkFunction<Long> {
    private long count;

    @Override
    public void invoke(Long value, Context context) {
      count++;
    }

    @Override
    public void close() {
      SEEN.addAndGet(count);
    }
  }
}
