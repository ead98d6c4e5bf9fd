package io.weft.connectors.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.reflect.ReflectData;
import org.apache.avro.reflect.ReflectDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/** Reads a sink's committed output back the way downstream readers do: skipping hidden files. */
public final class OutputFiles {
  private OutputFiles() {}

  /** Committed part files under {@code dir}, recursively, skipping names starting with '.' or '_'. */
  public static List<Path> committed(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile)
          .filter(f -> {
            for (Path part : dir.relativize(f)) {
              String name = part.toString();
              if (name.startsWith(".") || name.startsWith("_")) {
                return false;
              }
            }
            return true;
          }).sorted().toList();
    }
  }

  /** Files whose name starts with a dot and ends with .inprogress, anywhere under {@code dir}. */
  public static List<Path> inProgress(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".inprogress")).toList();
    }
  }

  public static List<Event> readParquet(Path file) throws IOException {
    List<Event> events = new ArrayList<>();
    try (ParquetReader<Event> reader = AvroParquetReader.<Event>builder(
        HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))
        .withDataModel(ReflectData.AllowNull.get()).build()) {
      for (Event e = reader.read(); e != null; e = reader.read()) {
        events.add(e);
      }
    }
    return events;
  }

  public static List<Event> readAvro(Path file) throws IOException {
    List<Event> events = new ArrayList<>();
    try (DataFileReader<Event> reader = new DataFileReader<>(file.toFile(),
        new ReflectDatumReader<>(ReflectData.AllowNull.get().getSchema(Event.class)))) {
      reader.forEach(events::add);
    }
    return events;
  }
}
