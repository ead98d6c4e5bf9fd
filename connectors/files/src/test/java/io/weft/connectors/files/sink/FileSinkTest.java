package io.weft.connectors.files.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.functions.TestSubtasks;
import io.weft.api.sink.SinkWriter;
import io.weft.connectors.files.Event;
import io.weft.connectors.files.OutputFiles;
import io.weft.connectors.files.bucket.DateTimeBucketAssigner;
import io.weft.connectors.files.bucket.FieldBucketAssigner;
import io.weft.connectors.files.format.AvroWriters;
import io.weft.connectors.files.format.CsvEncoder;
import io.weft.connectors.files.format.JsonLinesEncoder;
import io.weft.connectors.files.format.ParquetAvroWriters;
import io.weft.connectors.files.format.SimpleStringEncoder;
import io.weft.connectors.files.partition.PartitionCommitter;
import io.weft.connectors.files.source.ParquetAvroFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files sink's writers and commits, through failures and restores, on the local file system. */
class FileSinkTest {
  private static final long HOUR = 3_600_000;
  private static final String HOURLY = "'dt='yyyy-MM-dd'/hour='HH";

  @TempDir Path dir;

  private static final ConcurrentLinkedQueue<String> HOOK_CALLS = new ConcurrentLinkedQueue<>();

  private FileSink<Event> parquetSink() {
    return FileSink.forBulkFormat(dir.toUri().toString(), ParquetAvroWriters.forReflectRecord(Event.class))
        .withBucketAssigner(DateTimeBucketAssigner.eventTime(HOURLY, ZoneOffset.UTC))
        .withOutputFileConfig(new OutputFileConfig("part", ".parquet"))
        .withPartitionCommit(Duration.ofHours(1))
        .withPartitionCommitPolicy((partition, directory) -> HOOK_CALLS.add(partition))
        .build();
  }

  private List<Event> committedParquet() throws Exception {
    List<Event> all = new ArrayList<>();
    for (Path f : OutputFiles.committed(dir)) {
      all.addAll(OutputFiles.readParquet(f));
    }
    all.sort((a, b) -> Long.compare(a.seq, b.seq));
    return all;
  }

  private static Event event(long seq, long time) {
    return new Event("k" + seq % 3, time, seq);
  }

  private static void write(SinkWriter<Event> w, Event e) throws Exception {
    w.write(e, e.time);
  }

  @Test
  void parquetInHourlyBucketsIsCommittedExactlyOnceAcrossAFailureAndClosedHoursGetSuccess() throws Exception {
    HOOK_CALLS.clear();
    FileSink<Event> sink = parquetSink();
    SinkWriter<Event> a = sink.createWriter(TestSubtasks.of(0, 2, 0));
    SinkWriter<Event> b = sink.createWriter(TestSubtasks.of(1, 2, 0));
    // Hour 0 and the start of hour 1, then checkpoint 1 completes.
    write(a, event(0, 10));
    write(b, event(1, 20));
    write(a, event(2, HOUR + 5));
    a.writeWatermark(HOUR + 1);
    b.writeWatermark(HOUR + 1);
    byte[] a1 = a.snapshotState(1);
    byte[] b1 = b.snapshotState(1);
    assertEquals(List.of(), OutputFiles.committed(dir), "nothing is visible before the checkpoint completes");
    a.notifyCheckpointComplete(1);
    b.notifyCheckpointComplete(1);
    assertEquals(List.of(event(0, 10), event(1, 20), event(2, HOUR + 5)), committedParquet());
    assertFalse(Files.exists(dir.resolve("dt=1970-01-01/hour=00/_SUCCESS")),
        "hour 0 is not closed yet: the watermark is not past its start plus an hour");

    // More of hour 1; checkpoint 2 is taken by one subtask only, then the job fails.
    write(a, event(3, HOUR + 6));
    write(b, event(4, 2 * HOUR + 1));
    a.snapshotState(2);
    a.close();
    b.close();

    // Restored from checkpoint 1: the sources replay 3 and 4.
    SinkWriter<Event> a2 = sink.createWriter(TestSubtasks.of(0, 2, 1));
    SinkWriter<Event> b2 = sink.createWriter(TestSubtasks.of(1, 2, 1));
    a2.restoreState(a1);
    b2.restoreState(b1);
    assertEquals(List.of(), OutputFiles.inProgress(dir), "the failed attempt's in-progress files are gone");
    write(a2, event(3, HOUR + 6));
    write(b2, event(4, 2 * HOUR + 1));
    a2.writeWatermark(2 * HOUR + 2);
    b2.writeWatermark(2 * HOUR + 2);
    a2.snapshotState(3);
    b2.snapshotState(3);
    b2.notifyCheckpointComplete(3);
    a2.notifyCheckpointComplete(3);
    assertTrue(Files.exists(dir.resolve("dt=1970-01-01/hour=00/_SUCCESS")), "hour 0 is complete at every subtask");
    assertTrue(Files.exists(dir.resolve("dt=1970-01-01/hour=01/_SUCCESS")), "so is hour 1: the watermark passed 02:00");
    assertFalse(Files.exists(dir.resolve("dt=1970-01-01/hour=02/_SUCCESS")), "hour 2 is still open");
    assertEquals(List.of("dt=1970-01-01/hour=00", "dt=1970-01-01/hour=01"), HOOK_CALLS.stream().sorted().toList(),
        "the policy ran once per partition");

    a2.finish();
    b2.finish();
    a2.close();
    b2.close();
    assertEquals(List.of(event(0, 10), event(1, 20), event(2, HOUR + 5), event(3, HOUR + 6), event(4, 2 * HOUR + 1)),
        committedParquet(), "every record exactly once");
    assertEquals(List.of(), OutputFiles.inProgress(dir));
    for (String hour : List.of("00", "01", "02")) {
      assertTrue(Files.exists(dir.resolve("dt=1970-01-01/hour=" + hour + "/" + PartitionCommitter.SUCCESS_FILE)),
          "the end of the input closes hour " + hour);
    }
    assertTrue(OutputFiles.committed(dir).stream().allMatch(f -> f.getFileName().toString().matches("part-[01]-\\d+\\.parquet")),
        "part files are named part-<subtask>-<n><suffix>: " + OutputFiles.committed(dir));
  }

  @Test
  void aRestoreAtAnotherParallelismFinishesTheOldSubtasksFiles() throws Exception {
    FileSink<Event> sink = parquetSink();
    List<byte[]> states = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      SinkWriter<Event> w = sink.createWriter(TestSubtasks.of(i, 3, 0));
      write(w, event(i, 10));
      states.add(w.snapshotState(5)); // checkpoint 5 completed, its commit never arrived
      write(w, event(10 + i, 20)); // after it: replayed
      w.snapshotState(6);
      w.close();
    }
    SinkWriter<Event> only = sink.createWriter(TestSubtasks.of(0, 1, 1));
    only.restoreRescaled(states);
    for (int i = 0; i < 3; i++) {
      write(only, event(10 + i, 20));
    }
    only.finish();
    only.close();
    assertEquals(List.of(event(0, 10), event(1, 10), event(2, 10), event(10, 20), event(11, 20), event(12, 20)),
        committedParquet());
  }

  @Test
  void rowFormatsRollOnSizeAndWriteCsvJsonAndTextLines() throws Exception {
    FileSink<Event> csv = FileSink.forRowFormat(dir.resolve("csv").toUri().toString(),
            CsvEncoder.forFields(Event.class, "seq", "key"))
        .withBucketAssigner(FieldBucketAssigner.of("key", e -> e.key))
        .withRollingPolicy(RollingPolicy.defaults().withMaxPartSize(10))
        .build();
    SinkWriter<Event> w = csv.createWriter(TestSubtasks.of(0, 1, 0));
    w.write(new Event("a,\"b\"", 0, 1), null);
    w.write(new Event("a,\"b\"", 0, 2), null);
    w.write(new Event("plain", 0, 3), null);
    w.finish();
    w.close();
    Path quoted = dir.resolve("csv/key=a,\"b\"");
    List<Path> parts = OutputFiles.committed(quoted);
    assertEquals(2, parts.size(), "a 10-byte part size rolls after each line: " + parts);
    assertEquals(List.of("1,\"a,\"\"b\"\"\""), Files.readAllLines(parts.get(0)));
    assertEquals(List.of("3,plain"), Files.readAllLines(dir.resolve("csv/key=plain/part-0-2")));

    FileSink<Event> json = FileSink.forRowFormat(dir.resolve("json").toUri().toString(), new JsonLinesEncoder<Event>())
        .withBucketAssigner((e, c) -> "all").build();
    SinkWriter<Event> j = json.createWriter(TestSubtasks.of(0, 1, 0));
    j.write(new Event("x", 7, 1), null);
    j.finish();
    j.close();
    assertEquals(List.of("{\"key\":\"x\",\"time\":7,\"seq\":1}"), Files.readAllLines(dir.resolve("json/all/part-0-0")));

    FileSink<String> text = FileSink.forRowFormat(dir.resolve("text").toUri().toString(), new SimpleStringEncoder<String>())
        .withBucketAssigner((e, c) -> "all").withOutputFileConfig(new OutputFileConfig("data", ".txt")).build();
    SinkWriter<String> t = text.createWriter(TestSubtasks.of(0, 1, 0));
    t.write("one", null);
    t.write("two", null);
    t.finish();
    t.close();
    assertEquals(List.of("one", "two"), Files.readAllLines(dir.resolve("text/all/data-0-0.txt")));
  }

  @Test
  void avroContainerFilesReadBack() throws Exception {
    FileSink<Event> avro = FileSink.forBulkFormat(dir.toUri().toString(), AvroWriters.forReflectRecord(Event.class))
        .withBucketAssigner((e, c) -> "all").withOutputFileConfig(new OutputFileConfig("part", ".avro")).build();
    SinkWriter<Event> w = avro.createWriter(TestSubtasks.of(0, 1, 0));
    write(w, event(1, 5));
    w.snapshotState(1);
    write(w, event(2, 6));
    w.notifyCheckpointComplete(1);
    w.finish();
    w.close();
    assertEquals(List.of(event(1, 5)), OutputFiles.readAvro(dir.resolve("all/part-0-0.avro")));
    assertEquals(List.of(event(2, 6)), OutputFiles.readAvro(dir.resolve("all/part-0-1.avro")), "bulk formats roll at checkpoints");
  }

  @Test
  void smallFilesWaitAcrossCheckpointsAndAFailureThenAreMergedIntoOneFileExactlyOnce() throws Exception {
    FileSink<Event> sink = FileSink.forBulkFormat(dir.toUri().toString(), ParquetAvroWriters.forReflectRecord(Event.class))
        .withBucketAssigner((e, c) -> "all")
        .withOutputFileConfig(new OutputFileConfig("part", ".parquet"))
        .enableCompaction(1 << 20, 3, ParquetAvroFormat.forReflectRecord(Event.class))
        .build();
    SinkWriter<Event> w = sink.createWriter(TestSubtasks.of(0, 1, 0));
    write(w, event(1, 1));
    w.snapshotState(1);
    w.notifyCheckpointComplete(1);
    assertEquals(List.of(), OutputFiles.committed(dir), "a small file waits for more");
    write(w, event(2, 2));
    byte[] at2 = w.snapshotState(2);
    write(w, event(3, 3)); // after checkpoint 2: replayed
    w.close(); // the job fails; checkpoint 2 completed

    SinkWriter<Event> restored = sink.createWriter(TestSubtasks.of(0, 1, 1));
    restored.restoreState(at2);
    write(restored, event(3, 3));
    restored.snapshotState(3); // the third checkpoint of the waiting files: they are merged
    restored.notifyCheckpointComplete(3);
    List<Path> parts = OutputFiles.committed(dir);
    assertEquals(1, parts.size(), "one merged file: " + parts);
    assertEquals(List.of(event(1, 1), event(2, 2), event(3, 3)), committedParquet());
    restored.finish();
    restored.close();
    assertEquals(List.of(), OutputFiles.inProgress(dir), "the merged files are gone");
    assertEquals(List.of(event(1, 1), event(2, 2), event(3, 3)), committedParquet());
  }

  @Test
  void rowFilesAreMergedByConcatenationOnceTheyReachTheTarget() throws Exception {
    FileSink<String> text = FileSink.forRowFormat(dir.toUri().toString(), new SimpleStringEncoder<String>())
        .withBucketAssigner((e, c) -> "all")
        .withRollingPolicy(RollingPolicy.defaults().withMaxPartSize(4))
        .enableCompaction(12, 10)
        .build();
    SinkWriter<String> t = text.createWriter(TestSubtasks.of(0, 1, 0));
    for (String line : List.of("one", "two", "three", "four", "five", "longer-than-twelve")) {
      t.write(line, null); // each line rolls a file of its own (4-byte parts)
    }
    t.snapshotState(1);
    t.notifyCheckpointComplete(1);
    t.finish();
    t.close();
    List<Path> parts = OutputFiles.committed(dir);
    assertEquals(2, parts.size(), "five small files merged, the large one alone: " + parts);
    List<List<String>> contents = new ArrayList<>();
    for (Path p : parts) {
      contents.add(Files.readAllLines(p));
    }
    assertTrue(contents.contains(List.of("one", "two", "three", "four", "five")), contents.toString());
    assertTrue(contents.contains(List.of("longer-than-twelve")), contents.toString());
    assertEquals(List.of(), OutputFiles.inProgress(dir));
  }

  @Test
  void badConfigurationIsRefusedNamingTheSetting() {
    IllegalArgumentException notTime = assertThrows(IllegalArgumentException.class, () -> FileSink
        .forRowFormat("/tmp/x", new SimpleStringEncoder<Event>()).withBucketAssigner(FieldBucketAssigner.of("k", e -> e.key))
        .withPartitionCommit(Duration.ofHours(1)).build());
    assertTrue(notTime.getMessage().contains("DateTimeBucketAssigner"), notTime.getMessage());
    assertThrows(IllegalStateException.class, () -> FileSink
        .forBulkFormat("/tmp/x", ParquetAvroWriters.forReflectRecord(Event.class)).withRollingPolicy(RollingPolicy.defaults()));
    IllegalArgumentException column = assertThrows(IllegalArgumentException.class,
        () -> CsvEncoder.forFields(Event.class, "nope"));
    assertTrue(column.getMessage().contains("no field 'nope'") && column.getMessage().contains("[key, time, seq]"),
        column.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new OutputFileConfig(".part", ""));
  }
}
