package io.weft.examples.bench;

import io.weft.api.environment.StreamEnvironment;
import io.weft.connectors.files.format.ParquetAvroWriters;
import io.weft.connectors.files.sink.FileSink;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.config.Configuration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * N events (key, time, value) at parallelism P into Parquet through the files connector's {@code
 * FileSink.forBulkFormat}, Snappy, one bucket, checkpoints every second; prints the anchors' line
 * format ({@code engine=weft job=parquet ...}). The same job as {@code
 * scripts/bench/flink-parquet}'s FlinkParquetBench on Flink 1.20. Usage: {@code ParquetBench P N
 * OUTPUT_DIR}; run it with {@code scripts/weft run -m local} and weft-examples-files.jar.
 */
public final class ParquetBench {
  private ParquetBench() {}

  /** An event; the same fields as the Flink job's. */
  public static class Event {
    public long key;
    public long time;
    public long value;

    public Event() {}
  }

  public static void main(String[] args) throws Exception {
    int p = Integer.parseInt(args[0]);
    long n = Long.parseLong(args[1]);
    String out = args[2];
    Configuration conf = new Configuration();
    conf.set(CheckpointOptions.INTERVAL, Duration.ofSeconds(1));
    conf.set(CheckpointOptions.DIRECTORY, Path.of(out + "-checkpoints").toAbsolutePath().toUri().toString());
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(p);
    env.fromSequence(0, n - 1).map(i -> {
      Event e = new Event();
      e.key = (i * 0x9E3779B97F4A7C15L >>> 40) % 10_000;
      e.time = i / 100;
      e.value = i;
      return e;
    }).returns(Event.class)
        .sinkTo(FileSink.forBulkFormat(out, ParquetAvroWriters.forReflectRecord(Event.class))
            .withBucketAssigner((e, c) -> "").build());
    long start = System.nanoTime();
    env.execute("parquet bench");
    double seconds = (System.nanoTime() - start) / 1e9;
    long files;
    try (Stream<Path> s = Files.walk(Path.of(out))) {
      files = s.filter(f -> f.getFileName().toString().startsWith("part-")).count();
    }
    System.out.printf("engine=weft job=parquet p=%d records=%d files=%d seconds=%.2f rps=%.0f%n", p, n, files,
        seconds, n / seconds);
  }
}
