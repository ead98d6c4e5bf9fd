package io.weft.connectors.files.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.functions.TestSubtasks;
import io.weft.api.sink.SinkWriter;
import io.weft.api.source.InputStatus;
import io.weft.api.source.ReaderOutput;
import io.weft.api.source.SourceReader;
import io.weft.connectors.files.Event;
import io.weft.connectors.files.format.AvroWriters;
import io.weft.connectors.files.format.CsvEncoder;
import io.weft.connectors.files.format.JsonLinesEncoder;
import io.weft.connectors.files.format.ParquetAvroWriters;
import io.weft.connectors.files.sink.FileSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The file source's ranges, formats, positions and discovery, on the local file system. */
@Timeout(60)
class FileSourceTest {
  @TempDir Path dir;

  /** Collects what a reader emits. */
  private static final class Out<T> implements ReaderOutput<T> {
    final List<T> got = new ArrayList<>();

    @Override
    public void collect(T value) {
      got.add(value);
    }

    @Override
    public void collect(T value, long timestamp) {
      got.add(value);
    }
  }

  private static <T> List<T> readAll(FileSource<T> source, int parallelism) throws Exception {
    List<T> all = new ArrayList<>();
    for (int i = 0; i < parallelism; i++) {
      try (SourceReader<T> r = source.createReader(TestSubtasks.of(i, parallelism))) {
        Out<T> out = new Out<>();
        while (r.pollNext(out) != InputStatus.END_OF_INPUT) {
          // read on
        }
        all.addAll(out.got);
      }
    }
    return all;
  }

  private static List<String> sorted(List<String> lines) {
    List<String> s = new ArrayList<>(lines);
    s.sort(null);
    return s;
  }

  @Test
  void textFilesCutIntoSmallRangesAreReadOnceEachRecursivelySkippingHiddenAndFilteredFiles() throws Exception {
    List<String> expected = new ArrayList<>();
    for (int f = 0; f < 3; f++) {
      Path file = dir.resolve("day=" + f).resolve("lines-" + f + ".txt");
      Files.createDirectories(file.getParent());
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < 40; i++) {
        String line = "file" + f + "-line" + i + "-" + "x".repeat(i % 7);
        text.append(line).append(i % 5 == 0 ? "\r\n" : "\n");
        expected.add(line);
      }
      Files.writeString(file, text);
    }
    Files.writeString(dir.resolve("day=0/.part-0-9.inprogress"), "hidden\n");
    Files.writeString(dir.resolve("day=0/_SUCCESS"), "");
    Files.writeString(dir.resolve("day=0/skip.log"), "filtered\n");
    FileSource<String> source = FileSource.forRecordFormat(new TextLineFormat(), dir.toString())
        .setPathFilter(p -> p.endsWith(".txt")).setSplitSize(7).build();
    for (int p : new int[] {1, 3}) {
      assertEquals(sorted(expected), sorted(readAll(source, p)), "parallelism " + p);
    }
  }

  @Test
  void aPositionRestoresAtAnotherParallelismReadingEveryLineOnce() throws Exception {
    List<String> expected = IntStream.range(0, 2_000).mapToObj(i -> "n" + i).toList();
    Files.write(dir.resolve("a.txt"), expected.subList(0, 1_000));
    Files.write(dir.resolve("b.txt"), expected.subList(1_000, 2_000));
    FileSource<String> source = FileSource.forRecordFormat(new TextLineFormat(), dir.toString()).setSplitSize(1_000).build();
    List<String> got = new ArrayList<>();
    List<byte[]> positions = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      try (SourceReader<String> r = source.createReader(TestSubtasks.of(i, 2))) {
        Out<String> out = new Out<>();
        for (int polls = 0; polls < 1 + i; polls++) {
          r.pollNext(out); // part way: one subtask further than the other
        }
        positions.add(r.snapshotPosition());
        got.addAll(out.got);
      }
    }
    assertTrue(got.size() > 0 && got.size() < 2_000, "read part way: " + got.size());
    for (int i = 0; i < 3; i++) {
      try (SourceReader<String> r = source.createReader(TestSubtasks.of(i, 3))) {
        r.restoreRescaled(positions);
        Out<String> out = new Out<>();
        while (r.pollNext(out) != InputStatus.END_OF_INPUT) {
          // read on
        }
        got.addAll(out.got);
      }
    }
    assertEquals(sorted(expected), sorted(got));
  }

  @Test
  void whatTheSinkWritesTheSourceReadsInEveryFormat() throws Exception {
    List<Event> events = IntStream.range(0, 500).mapToObj(i -> new Event(i % 3 == 0 ? "a,\"b\"" : "k" + i, i * 7L, i)).toList();
    write(FileSink.forBulkFormat(dir.resolve("parquet").toString(), ParquetAvroWriters.forReflectRecord(Event.class)).build(), events);
    write(FileSink.forBulkFormat(dir.resolve("avro").toString(), AvroWriters.forReflectRecord(Event.class)).build(), events);
    write(FileSink.forRowFormat(dir.resolve("csv").toString(), CsvEncoder.forFields(Event.class)).build(), events);
    write(FileSink.forRowFormat(dir.resolve("json").toString(), new JsonLinesEncoder<Event>()).build(), events);
    List<FileFormat<Event>> formats = List.of(ParquetAvroFormat.forReflectRecord(Event.class),
        AvroFormat.forReflectRecord(Event.class), CsvFormat.forFields(Event.class), new JsonLinesFormat<>(Event.class));
    List<String> names = List.of("parquet", "avro", "csv", "json");
    for (int f = 0; f < formats.size(); f++) {
      FileSource<Event> source = FileSource.forRecordFormat(formats.get(f), dir.resolve(names.get(f)).toString())
          .setSplitSize(300).build();
      List<Event> got = new ArrayList<>(readAll(source, 2));
      got.sort((x, y) -> Long.compare(x.seq, y.seq));
      assertEquals(events, got, names.get(f));
    }
  }

  private static void write(FileSink<Event> sink, List<Event> events) throws Exception {
    try (SinkWriter<Event> w = sink.createWriter(TestSubtasks.of(0, 1))) {
      for (Event e : events) {
        w.write(e, e.time);
      }
      w.finish();
    }
  }

  @Test
  void continuousModeReadsFilesThatAppearLater() throws Exception {
    Files.write(dir.resolve("1.txt"), List.of("a", "b"));
    FileSource<String> source = FileSource.forRecordFormat(new TextLineFormat(), dir.toString())
        .monitorContinuously(Duration.ofMillis(10)).build();
    assertTrue(!source.isBounded());
    try (SourceReader<String> r = source.createReader(TestSubtasks.of(0, 1))) {
      Out<String> out = new Out<>();
      pollUntil(r, out, 2);
      Path tmp = dir.resolve(".2.txt.tmp");
      Files.write(tmp, List.of("c"));
      Files.move(tmp, dir.resolve("2.txt")); // files appear whole
      pollUntil(r, out, 3);
      assertEquals(List.of("a", "b", "c"), out.got);
      assertEquals(InputStatus.NOTHING_AVAILABLE, r.pollNext(out), "an unbounded source waits for more");
    }
  }

  private static void pollUntil(SourceReader<String> r, Out<String> out, int n) throws Exception {
    while (out.got.size() < n) {
      if (r.pollNext(out) == InputStatus.NOTHING_AVAILABLE) {
        Thread.sleep(5);
      }
    }
  }

  @Test
  void aLineThatDoesNotParseNamesTheFile() throws Exception {
    Files.writeString(dir.resolve("bad.csv"), "1,x,2\nnot-a-number,k,3\n");
    FileSource<Event> source = FileSource.forRecordFormat(CsvFormat.forFields(Event.class, "seq", "key", "time"),
        dir.toString()).build();
    IOException e = assertThrows(IOException.class, () -> readAll(source, 1));
    assertTrue(e.getMessage().contains("bad.csv") && e.getMessage().contains("'seq'"), e.getMessage());
  }
}
