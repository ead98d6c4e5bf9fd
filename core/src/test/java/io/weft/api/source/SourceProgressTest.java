package io.weft.api.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.functions.TestSubtasks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readers report the share of their input read, which becomes YARN's progress for bounded jobs. */
class SourceProgressTest {

  /** Polls until the end, recording the progress after each poll. */
  private static <T> List<Double> drain(SourceReader<T> reader) throws Exception {
    List<Double> seen = new ArrayList<>();
    ReaderOutput<T> ignore = new ReaderOutput<>() {
      public void collect(T value) {}

      public void collect(T value, long timestamp) {}
    };
    seen.add(reader.progress());
    while (reader.pollNext(ignore) != InputStatus.END_OF_INPUT) {
      seen.add(reader.progress());
    }
    seen.add(reader.progress());
    return seen;
  }

  private static void assertClimbsFromZeroToOne(List<Double> seen) {
    assertEquals(0.0, seen.get(0), 1e-9);
    assertEquals(1.0, seen.get(seen.size() - 1), 1e-9);
    for (int i = 1; i < seen.size(); i++) {
      assertTrue(seen.get(i) >= seen.get(i - 1), "never goes back: " + seen);
    }
    assertTrue(seen.stream().anyMatch(p -> p > 0.2 && p < 0.8), "passes through the middle: " + seen);
  }

  @Test
  void aGeneratorReportsItsSubtasksShare() throws Exception {
    assertClimbsFromZeroToOne(drain(new GeneratorSource<>(i -> i, 5_001).createReader(TestSubtasks.of(1, 3))));
  }

  @Test
  void aGeneratorResumesFromItsPosition() throws Exception {
    GeneratorSource<Long> source = new GeneratorSource<>(i -> i, 10_000);
    SourceReader<Long> first = source.createReader(TestSubtasks.of(1, 2));
    List<Long> before = new ArrayList<>();
    first.pollNext(collectInto(before));
    byte[] position = first.snapshotPosition();
    SourceReader<Long> resumed = source.createReader(TestSubtasks.of(1, 2));
    resumed.restorePosition(position);
    List<Long> after = new ArrayList<>();
    while (resumed.pollNext(collectInto(after)) != InputStatus.END_OF_INPUT) {
      // drain
    }
    List<Long> all = new ArrayList<>(before);
    all.addAll(after);
    assertEquals(5_000, all.size(), "each odd number once");
    for (int i = 0; i < all.size(); i++) {
      assertEquals(2L * i + 1, all.get(i));
    }
  }

  @Test
  void aTextFileReaderResumesAtTheLineAfterItsPosition(@TempDir Path dir) throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 3_000; i++) {
      text.append("line ").append(i).append('\n');
    }
    Files.writeString(dir.resolve("a.txt"), text, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("b.txt"), text, StandardCharsets.UTF_8);
    TextFileSource source = new TextFileSource(dir.toUri().toString());
    List<String> expected = new ArrayList<>();
    try (SourceReader<String> whole = source.createReader(TestSubtasks.of(1, 2))) {
      while (whole.pollNext(collectInto(expected)) != InputStatus.END_OF_INPUT) {
        // drain
      }
    }
    // Stop after every number of polls, resume from the position, and get every line exactly once.
    for (int stopAfter = 0; stopAfter < 12; stopAfter++) {
      List<String> lines = new ArrayList<>();
      byte[] position;
      try (SourceReader<String> first = source.createReader(TestSubtasks.of(1, 2))) {
        for (int i = 0; i < stopAfter; i++) {
          first.pollNext(collectInto(lines));
        }
        position = first.snapshotPosition();
      }
      try (SourceReader<String> resumed = source.createReader(TestSubtasks.of(1, 2))) {
        resumed.restorePosition(position);
        while (resumed.pollNext(collectInto(lines)) != InputStatus.END_OF_INPUT) {
          // drain
        }
      }
      assertEquals(expected, lines, "resumed after " + stopAfter + " polls");
    }
  }

  private static <T> ReaderOutput<T> collectInto(List<T> list) {
    return new ReaderOutput<>() {
      public void collect(T value) {
        list.add(value);
      }

      public void collect(T value, long timestamp) {
        list.add(value);
      }
    };
  }

  @Test
  void anUnboundedGeneratorHasNoProgress() {
    assertEquals(-1, new GeneratorSource<>(i -> i, Long.MAX_VALUE).createReader(TestSubtasks.of(0, 1)).progress());
  }

  @Test
  void aTextFileReaderReportsTheBytesOfItsRangeRead(@TempDir Path dir) throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 5_000; i++) {
      text.append("line ").append(i).append('\n');
    }
    Files.writeString(dir.resolve("a.txt"), text, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("b.txt"), text, StandardCharsets.UTF_8);
    try (SourceReader<String> reader = new TextFileSource(dir.toUri().toString()).createReader(TestSubtasks.of(0, 2))) {
      assertClimbsFromZeroToOne(drain(reader));
    }
  }

  @Test
  void elementsReportTheirIndex() throws Exception {
    List<Integer> elements = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      elements.add(i);
    }
    List<Double> seen = drain(new FromElementsSource<>(elements).createReader(TestSubtasks.of(0, 1)));
    assertEquals(1.0, seen.get(seen.size() - 1), 1e-9);
    assertTrue(seen.stream().anyMatch(p -> p > 0.2 && p < 0.8), seen.toString());
  }
}
