package anchor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.RichSinkFunction;
import org.apache.flink.streaming.api.functions.source.RichParallelSourceFunction;

/**
 * Flink's side of Weft's TwoProcessBench: J1 of ../shared/anchors (keyBy → running sum → counting
 * sink, the anchor's input) at parallelism 2, in a MiniCluster of one TaskManager with two slots
 * (every channel local) or of two TaskManagers with one slot each (half the keyed records cross
 * Flink's netty stack over loopback; both TaskManagers live in this JVM). The cluster lives
 * through all runs; the first runs warm it up and are not counted.
 *
 * <p>Prints the anchor's line per run with {@code layout=one-tm|two-tms}, then the median.
 * Usage: {@code FlinkKeyBySumLayouts one-tm|two-tms RECORDS RUNS WARMUPS}.
 */
public final class FlinkKeyBySumLayouts {
  static long mix(long i) {
    long z = i * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L;
    return z ^ (z >>> 29);
  }

  public static void main(String[] args) throws Exception {
    String layout = args[0];
    long n = Long.parseLong(args[1]);
    int runs = Integer.parseInt(args[2]);
    int warmups = Integer.parseInt(args[3]);
    boolean twoTms = switch (layout) {
      case "one-tm" -> false;
      case "two-tms" -> true;
      default -> throw new IllegalArgumentException("layout must be one-tm or two-tms, not " + layout);
    };
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_PORT, "0");
    MiniClusterConfiguration cluster = new MiniClusterConfiguration.Builder().setConfiguration(conf)
        .setNumTaskManagers(twoTms ? 2 : 1).setNumSlotsPerTaskManager(twoTms ? 1 : 2).build();
    List<Double> rates = new ArrayList<>();
    try (MiniCluster mini = new MiniCluster(cluster)) {
      mini.start();
      for (int run = 0; run < warmups + runs; run++) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.addSource(new Generator(n)).keyBy(e -> e.f0).sum(2).addSink(new CountingSink());
        JobGraph job = env.getStreamGraph().getJobGraph();
        long start = System.nanoTime();
        JobExecutionResult result = mini.executeJobBlocking(job);
        double seconds = (System.nanoTime() - start) / 1e9;
        long seen = result.getAccumulatorResult("seen");
        if (run >= warmups) {
          rates.add(n / seconds);
        }
        System.out.printf(Locale.ROOT, "engine=flink job=J1 backend=none p=2 layout=%s records=%d outputs=%d "
            + "seconds=%.2f rps=%.0f%s%n", layout, n, seen, seconds, n / seconds, run < warmups ? " (warm-up)" : "");
      }
    }
    Collections.sort(rates);
    System.out.printf(Locale.ROOT, "MEDIAN %.0f%n", rates.get(rates.size() / 2));
  }

  /** The anchor's input: subtask k of p emits (mix(i) mod 10000, i/100 - mix(i) mod 500, i) for i = k, k+p, ... */
  static final class Generator extends RichParallelSourceFunction<Tuple3<Long, Long, Long>> {
    private final long n;
    private volatile boolean running = true;

    Generator(long n) {
      this.n = n;
    }

    @Override
    public void run(SourceContext<Tuple3<Long, Long, Long>> ctx) {
      int p = getRuntimeContext().getNumberOfParallelSubtasks();
      int k = getRuntimeContext().getIndexOfThisSubtask();
      Tuple3<Long, Long, Long> out = new Tuple3<>();
      for (long i = k; i < n && running; i += p) {
        long m = mix(i) & Long.MAX_VALUE;
        synchronized (ctx.getCheckpointLock()) {
          out.f0 = m % 10_000;
          out.f1 = i / 100 - (m % 500);
          out.f2 = i;
          ctx.collect(out);
        }
      }
    }

    @Override
    public void cancel() {
      running = false;
    }
  }

  static final class CountingSink extends RichSinkFunction<Tuple3<Long, Long, Long>> {
    private final LongCounter seen = new LongCounter();

    @Override
    public void open(Configuration parameters) {
      getRuntimeContext().addAccumulator("seen", seen);
    }

    @Override
    public void invoke(Tuple3<Long, Long, Long> value, Context context) {
      seen.add(1);
    }
  }
}
