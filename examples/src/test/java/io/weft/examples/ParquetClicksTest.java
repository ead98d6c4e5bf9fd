package io.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.environment.StreamEnvironment;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.config.Configuration;
import io.weft.core.config.CoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.avro.reflect.ReflectData;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** ParquetClicks with checkpoints, locally: every click once in its hour's Parquet files, every hour committed. */
@Timeout(120)
class ParquetClicksTest {
  @TempDir Path dir;

  @AfterEach
  void resetContext() {
    StreamEnvironment.setContextConfiguration(null);
  }

  @Test
  void everyClickLandsOnceInItsHourAndEveryHourGetsSuccess() throws Exception {
    Configuration conf = new Configuration();
    conf.set(CoreOptions.DEFAULT_PARALLELISM, 2);
    conf.set(CheckpointOptions.INTERVAL, Duration.ofMillis(200));
    conf.set(CheckpointOptions.DIRECTORY, dir.resolve("checkpoints").toUri().toString());
    StreamEnvironment.setContextConfiguration(conf);
    Path output = dir.resolve("clicks");
    int clicks = 10_000; // a second apart: about 2.8 hours of event time
    ParquetClicks.main(new String[] {"--output", output.toString(), "--clicks", String.valueOf(clicks),
        "--per-second", "10000"});

    TreeSet<Long> times = new TreeSet<>();
    TreeSet<String> hours = new TreeSet<>();
    List<Path> parts;
    try (Stream<Path> files = Files.walk(output)) {
      parts = files.filter(f -> f.getFileName().toString().matches("part-\\d+-\\d+\\.parquet")).toList();
    }
    for (Path f : parts) {
      try (ParquetReader<ParquetClicks.Click> reader = AvroParquetReader.<ParquetClicks.Click>builder(
          HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(f.toUri()), new org.apache.hadoop.conf.Configuration()))
          .withDataModel(ReflectData.AllowNull.get()).build()) {
        for (ParquetClicks.Click c = reader.read(); c != null; c = reader.read()) {
          assertTrue(times.add(c.time), "click at " + c.time + " once");
        }
      }
      hours.add(output.relativize(f.getParent()).toString());
    }
    assertEquals(clicks, times.size());
    for (String hour : hours) {
      assertTrue(Files.exists(output.resolve(hour).resolve("_SUCCESS")), hour + " is committed");
    }
    assertTrue(hours.size() >= 3, "several hours: " + hours);
  }
}
