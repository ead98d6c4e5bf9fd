package io.weft.examples;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.eventtime.WatermarkStrategy;
import io.weft.api.source.GeneratorSource;
import io.weft.connectors.files.bucket.DateTimeBucketAssigner;
import io.weft.connectors.files.format.ParquetAvroWriters;
import io.weft.connectors.files.sink.FileSink;
import io.weft.connectors.files.sink.OutputFileConfig;
import io.weft.core.types.TypeInfo;
import java.time.Duration;
import java.time.ZoneOffset;

/**
 * Clicks into an hourly-partitioned Parquet table, as data teams keep them for Hive, Spark or
 * Trino: generated clicks (one per second of event time) go to {@code
 * <output>/dt=yyyy-MM-dd/hour=HH/part-<subtask>-<n>.parquet}, committed exactly once at checkpoints,
 * and each hour gets {@code _SUCCESS} once event time passed its end.
 *
 * <p>Usage: {@code ParquetClicks --output hdfs:///tables/clicks [--clicks 36000] [--per-second
 * 2000]}. Needs checkpoints for files to be committed while it runs ({@code -yD
 * execution.checkpointing.interval=10s}). The job jar must carry the connector and Parquet: {@code
 * examples/target/weft-examples-files.jar} does.
 */
public final class ParquetClicks {
  private ParquetClicks() {}

  /** One click, a POJO so that Avro reflection can write and read it. */
  public static class Click {
    public String page;
    public String user;
    public long time;

    public Click() {}

    Click(String page, String user, long time) {
      this.page = page;
      this.user = user;
      this.time = time;
    }
  }

  public static void main(String[] args) throws Exception {
    Args params = Args.parse(args);
    String output = params.required("output");
    long clicks = Long.parseLong(params.optional("clicks", "36000"));
    double perSecond = Double.parseDouble(params.optional("per-second", "2000"));

    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    env.fromSource(new GeneratorSource<>(i -> i, clicks, perSecond), "Clicks", TypeInfo.of(Long.class))
        .map(i -> new Click("page-" + i % 17, "user-" + i % 101, 1_780_000_000_000L + i * 1_000)).returns(Click.class)
        .assignTimestampsAndWatermarks(WatermarkStrategy.<Click>forBoundedOutOfOrderness(Duration.ofSeconds(5))
            .withTimestampAssigner((c, ts) -> c.time))
        .sinkTo(FileSink.forBulkFormat(output, ParquetAvroWriters.forReflectRecord(Click.class))
            .withBucketAssigner(DateTimeBucketAssigner.eventTime("'dt='yyyy-MM-dd'/hour='HH", ZoneOffset.UTC))
            .withOutputFileConfig(new OutputFileConfig("part", ".parquet"))
            .withPartitionCommit(Duration.ofHours(1))
            .build()).name("Parquet table");
    env.execute("ParquetClicks");
  }
}
