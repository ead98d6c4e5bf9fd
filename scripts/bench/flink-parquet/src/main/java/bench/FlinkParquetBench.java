package bench;

import java.io.File;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.apache.avro.reflect.ReflectData;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * N events (key, time, value) at parallelism P into Parquet through Flink 1.20's
 * FileSink.forBulkFormat, Snappy, one bucket, checkpoints every second; prints the line format of
 * the anchors (engine=flink ...). The same job as Weft's io.weft.examples.bench.ParquetBench.
 * Usage: FlinkParquetBench P N OUTPUT_DIR.
 */
public final class FlinkParquetBench {
  /** An event; the same fields as Weft's bench event. */
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
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    env.setParallelism(p);
    env.enableCheckpointing(1_000, CheckpointingMode.EXACTLY_ONCE);
    env.getCheckpointConfig().setCheckpointStorage("file://" + new File(out + "-checkpoints").getAbsolutePath());
    FileSink<Event> sink = FileSink.forBulkFormat(new Path(out), new ParquetWriterFactory<Event>(file ->
            AvroParquetWriter.<Event>builder(file).withSchema(ReflectData.AllowNull.get().getSchema(Event.class))
                .withDataModel(ReflectData.AllowNull.get()).withCompressionCodec(CompressionCodecName.SNAPPY).build()))
        .withBucketAssigner(new BasePathBucketAssigner<>()).build();
    env.fromSequence(0, n - 1).map(i -> {
      Event e = new Event();
      e.key = (i * 0x9E3779B97F4A7C15L >>> 40) % 10_000;
      e.time = i / 100;
      e.value = i;
      return e;
    }).returns(Event.class).sinkTo(sink);
    long start = System.nanoTime();
    env.execute("parquet bench");
    double seconds = (System.nanoTime() - start) / 1e9;
    long files;
    try (Stream<java.nio.file.Path> s = Files.walk(java.nio.file.Path.of(out))) {
      files = s.filter(f -> f.getFileName().toString().startsWith("part-")).count();
    }
    System.out.printf("engine=flink job=parquet p=%d records=%d files=%d seconds=%.2f rps=%.0f%n", p, n, files,
        seconds, n / seconds);
  }
}
