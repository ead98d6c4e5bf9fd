package anchor;

import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.RichSinkFunction;
import org.apache.flink.streaming.api.functions.source.SourceFunction;

/**
 * Flink's side of Weft's TransportBench: one producer sends the same byte[] record over and over
 * to one consumer in another TaskManager, which deserializes and counts every record. Flink's
 * MiniCluster runs two TaskManagers of one slot each, and the two operators sit in different slot
 * sharing groups, so every record crosses Flink's netty stack over loopback (both TaskManagers are
 * in this JVM; Weft's bench uses two JVMs). Network settings are Flink's defaults: 32 KiB buffers,
 * 2 exclusive buffers per channel, 8 floating per gate, 100 ms buffer timeout.
 *
 * <p>Prints {@code RESULT <payload bytes/s> <records/s>} over the run after its first 2 seconds,
 * the same window as TransportBench. Usage: {@code FlinkTransportBench RECORD_BYTES SECONDS}.
 */
public final class FlinkTransportBench {
  private static final long WARMUP_NANOS = 2_000_000_000L;

  public static void main(String[] args) throws Exception {
    int recordSize = Integer.parseInt(args[0]);
    int seconds = Integer.parseInt(args[1]);
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_PORT, "0");
    MiniClusterConfiguration cluster = new MiniClusterConfiguration.Builder().setConfiguration(conf)
        .setNumTaskManagers(2).setNumSlotsPerTaskManager(1).build();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.addSource(new Repeat(recordSize, seconds * 1_000_000_000L)).setParallelism(1).slotSharingGroup("producer")
        .rebalance()
        .addSink(new Count()).setParallelism(1).slotSharingGroup("consumer");
    JobGraph job = env.getStreamGraph().getJobGraph();
    try (MiniCluster mini = new MiniCluster(cluster)) {
      mini.start();
      mini.executeJobBlocking(job);
    }
  }

  /** Emits one random array of the given size until the deadline. */
  private static final class Repeat implements SourceFunction<byte[]> {
    private final int size;
    private final long nanos;
    private volatile boolean running = true;

    Repeat(int size, long nanos) {
      this.size = size;
      this.nanos = nanos;
    }

    @Override
    public void run(SourceContext<byte[]> out) {
      byte[] value = new byte[size];
      new SplittableRandom().nextBytes(value);
      long end = System.nanoTime() + nanos;
      long n = 0;
      while (running && ((n & 255) != 0 || System.nanoTime() < end)) {
        out.collect(value);
        n++;
      }
    }

    @Override
    public void cancel() {
      running = false;
    }
  }

  /** Counts bytes and records after the warm-up, and prints the rates when the stream ends. */
  private static final class Count extends RichSinkFunction<byte[]> {
    private long start = -1;
    private long markTime;
    private long bytes;
    private long records;
    private long markBytes;
    private long markRecords;
    private long last;

    @Override
    public void invoke(byte[] value, Context context) {
      bytes += value.length;
      records++;
      if ((records & 63) == 0) {
        long now = System.nanoTime();
        last = now;
        if (start < 0) {
          start = now;
        } else if (markTime == 0 && now - start >= WARMUP_NANOS) {
          markTime = now;
          markBytes = bytes;
          markRecords = records;
        }
      }
    }

    @Override
    public void close() {
      if (markTime == 0) {
        throw new IllegalStateException("the stream ended within the 2 s warm-up: nothing was measured");
      }
      double s = (last - markTime) / 1e9;
      System.out.printf(Locale.ROOT, "RESULT %.0f %.0f%n", (bytes - markBytes) / s, (records - markRecords) / s);
    }
  }
}
