package io.weft.it.yarn.jobs;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.eventtime.WatermarkStrategy;
import io.weft.api.functions.Collector;
import io.weft.api.functions.KeyedProcessFunction;
import io.weft.api.source.GeneratorSource;
import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.connectors.files.bucket.DateTimeBucketAssigner;
import io.weft.connectors.files.format.ParquetAvroWriters;
import io.weft.connectors.files.sink.FileSink;
import io.weft.connectors.files.sink.OutputFileConfig;
import io.weft.core.types.TypeInfo;
import java.time.Duration;
import java.time.ZoneOffset;

/**
 * A keyed event-time job writing Parquet into hourly buckets with partition commit: {@value #COUNT}
 * events 3 s of event time apart (about five hours), paced so that checkpoints and a killed
 * TaskManager land mid-stream; a keyed function adds each key's running count.
 * Arguments: {@code <output directory>}.
 */
public final class HourlyParquetJob {
  public static final long COUNT = 6_000;
  public static final long STEP_MS = 3_000;
  public static final int KEYS = 7;

  private HourlyParquetJob() {}

  public static void main(String[] args) throws Exception {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    env.fromSource(new GeneratorSource<>(i -> i, COUNT, 250), "events", TypeInfo.of(Long.class))
        .map(i -> new HourlyEvent("k" + i % KEYS, i * STEP_MS, i, 0)).returns(HourlyEvent.class)
        .assignTimestampsAndWatermarks(WatermarkStrategy.<HourlyEvent>forMonotonousTimestamps()
            .withTimestampAssigner((e, ts) -> e.time))
        .keyBy(e -> e.key, TypeInfo.of(String.class))
        .process(new RunningCount()).returns(HourlyEvent.class).name("RunningCount")
        .sinkTo(FileSink.forBulkFormat(args[0], ParquetAvroWriters.forReflectRecord(HourlyEvent.class))
            .withBucketAssigner(DateTimeBucketAssigner.eventTime("'dt='yyyy-MM-dd'/hour='HH", ZoneOffset.UTC))
            .withOutputFileConfig(new OutputFileConfig("part", ".parquet"))
            .withPartitionCommit(Duration.ofHours(1))
            .build());
    env.execute("Hourly Parquet");
  }

  /** Each event with its key's running count, from keyed state. */
  public static final class RunningCount extends KeyedProcessFunction<String, HourlyEvent, HourlyEvent> {
    private static final long serialVersionUID = 1L;
    private transient ValueState<Long> count;

    @Override
    public void open() {
      count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
    }

    @Override
    public void processElement(HourlyEvent e, Context<String> ctx, Collector<HourlyEvent> out) throws Exception {
      long n = count.value() == null ? 1 : count.value() + 1;
      count.update(n);
      out.collect(new HourlyEvent(e.key, e.time, e.seq, n));
    }
  }
}
