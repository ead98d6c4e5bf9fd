package io.weft.connectors.files.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.eventtime.WatermarkStrategy;
import io.weft.api.source.GeneratorSource;
import io.weft.connectors.files.Event;
import io.weft.connectors.files.OutputFiles;
import io.weft.connectors.files.bucket.DateTimeBucketAssigner;
import io.weft.connectors.files.format.ParquetAvroWriters;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.config.Configuration;
import io.weft.core.types.TypeInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The files sink in a checkpointed local job, as on a cluster: Parquet in hourly buckets, partitions committed. */
@Timeout(120)
class FileSinkJobTest {
  @TempDir Path tmp;

  @Test
  void aKeyedEventTimeJobWritesHourlyParquetAndCommitsEveryHour() throws Exception {
    Path out = tmp.resolve("out");
    Configuration conf = new Configuration();
    conf.set(CheckpointOptions.INTERVAL, Duration.ofMillis(100));
    conf.set(CheckpointOptions.DIRECTORY, tmp.resolve("checkpoints").toUri().toString());
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    long n = 1_000;
    env.fromSource(new GeneratorSource<>(i -> i, n, 1_000), "events", TypeInfo.of(Long.class))
        .map(i -> new Event("k" + i % 5, i * 10_000, i)).returns(Event.class)
        .assignTimestampsAndWatermarks(WatermarkStrategy.<Event>forMonotonousTimestamps().withTimestampAssigner((e, t) -> e.time))
        .keyBy(e -> e.key, TypeInfo.of(String.class))
        .map(e -> e).returns(Event.class)
        .sinkTo(FileSink.forBulkFormat(out.toUri().toString(), ParquetAvroWriters.forReflectRecord(Event.class))
            .withBucketAssigner(DateTimeBucketAssigner.eventTime("'dt='yyyy-MM-dd'/hour='HH", ZoneOffset.UTC))
            .withPartitionCommit(Duration.ofHours(1))
            .build());
    env.execute("hourly parquet");

    List<Long> seqs = new ArrayList<>();
    List<Path> files = OutputFiles.committed(out);
    for (Path f : files) {
      for (Event e : OutputFiles.readParquet(f)) {
        seqs.add(e.seq);
        assertEquals(String.format("hour=%02d", e.time / 3_600_000), f.getParent().getFileName().toString());
      }
    }
    seqs.sort(null);
    assertEquals(LongStream.range(0, n).boxed().toList(), seqs, "every event once");
    assertTrue(files.size() > 6, "checkpoints rolled the files: " + files.size());
    for (int hour = 0; hour <= (n - 1) * 10_000 / 3_600_000; hour++) {
      assertTrue(Files.exists(out.resolve(String.format("dt=1970-01-01/hour=%02d/_SUCCESS", hour))), "hour " + hour);
    }
    assertEquals(List.of(), OutputFiles.inProgress(out));
  }
}
