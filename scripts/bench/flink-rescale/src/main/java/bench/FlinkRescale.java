package bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.GuavaRateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.util.Collector;

/**
 * The job of Weft's {@code io.weft.examples.bench.RescaleBench} on Flink 1.20, stopped with a
 * savepoint and submitted again from it at another parallelism, on one running session cluster (a
 * MiniCluster of 2 TaskManagers with 2 slots each, so both parallelisms have their slots ready).
 *
 * <p>The same numbers in the same order per subtask as Weft's generator: subtask k of p=2 makes
 * k, k+2, ...; number i goes to key {@code i % keys}, whose state is a byte array of {@code
 * valueBytes} with the key's running count in its first 8 bytes; each number is written through
 * the exactly-once FileSink as {@code i,key,count,millis} (millis: when the keyed function handled
 * it). Heap state ("hashmap"), checkpoints and savepoints on local disk.
 *
 * <p>Once {@code startAfterLines} lines are committed, stops the job with a savepoint and submits
 * the same job from it at {@code toP}, then waits for it to end. Prints one line, {@code
 * engine=flink job=rescale variant=savepoint ... stop-at-ms=.. stop-ms=.. submit-ms=..}: when the
 * stop was asked (epoch millis), how long stop-with-savepoint took, and the resubmission.
 *
 * <p>Arguments: {@code <output dir> <work dir> <count> <rate> <keys> <valueBytes> <fromP> <toP>
 * <checkpoint interval ms> <startAfterLines>}.
 */
public final class FlinkRescale {
  private FlinkRescale() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 10) {
      throw new IllegalArgumentException("usage: FlinkRescale <output dir> <work dir> <count> <rate> <keys>"
          + " <valueBytes> <fromP> <toP> <checkpoint interval ms> <startAfterLines>");
    }
    Path output = Path.of(args[0]);
    Path work = Path.of(args[1]);
    long count = Long.parseLong(args[2]);
    double rate = Double.parseDouble(args[3]);
    long keys = Long.parseLong(args[4]);
    int valueBytes = Integer.parseInt(args[5]);
    int fromP = Integer.parseInt(args[6]);
    int toP = Integer.parseInt(args[7]);
    long interval = Long.parseLong(args[8]);
    long startAfter = Long.parseLong(args[9]);
    if (fromP != 2 || count % 2 != 0) {
      throw new IllegalArgumentException("the order of the numbers matches Weft's at fromP=2 with an even count");
    }

    Configuration conf = new Configuration();
    conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, work.resolve("checkpoints").toUri().toString());
    conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, work.resolve("savepoints").toUri().toString());
    MiniClusterConfiguration cluster = new MiniClusterConfiguration.Builder()
        .setConfiguration(conf).setNumTaskManagers(2).setNumSlotsPerTaskManager(2).build();
    try (MiniCluster mini = new MiniCluster(cluster)) {
      mini.start();
      JobGraph first = jobGraph(conf, output, count, rate, keys, valueBytes, fromP, interval);
      mini.submitJob(first).get();
      while (committedLines(output) < startAfter) {
        if (mini.getJobStatus(first.getJobID()).get().isGloballyTerminalState()) {
          throw new IllegalStateException("the job ended before " + startAfter + " lines were committed");
        }
        Thread.sleep(200);
      }
      long stopAt = System.currentTimeMillis();
      String savepoint = mini.stopWithSavepoint(first.getJobID(), null, false, SavepointFormatType.CANONICAL).get();
      long stopped = System.currentTimeMillis();
      JobGraph second = jobGraph(conf, output, count, rate, keys, valueBytes, toP, interval);
      second.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
      mini.submitJob(second).get();
      long submitted = System.currentTimeMillis();
      JobResult result = mini.requestJobResult(second.getJobID()).get();
      if (!result.isSuccess()) {
        throw new IllegalStateException("the resubmitted job failed", result.getSerializedThrowable().orElse(null));
      }
      System.out.printf("engine=flink job=rescale variant=savepoint p=%d->%d records=%d keys=%d value-bytes=%d"
              + " stop-at-ms=%d stop-ms=%d submit-ms=%d%n", fromP, toP, count, keys, valueBytes, stopAt,
          stopped - stopAt, submitted - stopped);
    }
  }

  private static JobGraph jobGraph(Configuration conf, Path output, long count, double rate, long keys,
      int valueBytes, int parallelism, long interval) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(parallelism);
    env.enableCheckpointing(interval, CheckpointingMode.EXACTLY_ONCE);
    long half = count / 2;
    // The number sequence is split once, at the first parallelism (2): split 0 holds indexes [0, half),
    // split 1 [half, count). Mapping them to the even and odd numbers gives Weft's order (subtask k of
    // 2: k, k+2, ...), so both engines fill their 100k keys' state in the same time. The splits stay
    // two after the rescale, so each reader is paced at rate/2 whatever the parallelism: the total
    // stays at rate (readers without a split emit nothing).
    DataGeneratorSource<Long> source = new DataGeneratorSource<>(
        index -> index < half ? 2 * index : 2 * (index - half) + 1, count,
        (RateLimiterStrategy) p -> new GuavaRateLimiter(rate / 2), Types.LONG);
    env.fromSource(source, WatermarkStrategy.noWatermarks(), "numbers").uid("numbers")
        .keyBy(i -> i % keys)
        .process(new FatCount(valueBytes)).uid("fat-count").name("FatCount")
        .sinkTo(FileSink.forRowFormat(new org.apache.flink.core.fs.Path(output.toUri()),
                new SimpleStringEncoder<String>())
            .withBucketAssigner(new BasePathBucketAssigner<>())
            .withRollingPolicy(OnCheckpointRollingPolicy.build()).build()).uid("files");
    return env.getStreamGraph().getJobGraph();
  }

  /** Lines in the committed part files (in-progress and pending ones start with a dot). */
  static long committedLines(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> Files.isRegularFile(f) && !f.getFileName().toString().startsWith("."))
          .mapToLong(f -> {
            try (Stream<String> lines = Files.lines(f)) {
              return lines.count();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }).sum();
    }
  }

  /** Each number with its key's running count, kept in a state value of {@code valueBytes} bytes. */
  static final class FatCount extends KeyedProcessFunction<Long, Long, String> {
    private static final long serialVersionUID = 1L;
    private final int valueBytes;
    private transient ValueState<byte[]> value;

    FatCount(int valueBytes) {
      this.valueBytes = valueBytes;
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext context) {
      value = getRuntimeContext().getState(new ValueStateDescriptor<>("value", byte[].class));
    }

    @Override
    public void processElement(Long i, Context ctx, Collector<String> out) throws Exception {
      byte[] v = value.value();
      if (v == null) {
        v = new byte[valueBytes];
      }
      ByteBuffer b = ByteBuffer.wrap(v);
      long n = b.getLong(0) + 1;
      b.putLong(0, n);
      value.update(v);
      out.collect(i + "," + ctx.getCurrentKey() + "," + n + "," + System.currentTimeMillis());
    }
  }
}
