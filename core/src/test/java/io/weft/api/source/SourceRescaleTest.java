package io.weft.api.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.functions.TestSubtasks;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sources restored at other parallelisms, and again at the same one, emit every element exactly
 * once over all their lives.
 */
class SourceRescaleTest {
  private static final int COUNT = 10_000;

  @TempDir
  static Path dir;

  record Case(String name, Source<?> source, Set<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> sources() throws Exception {
    Set<String> numbers = new TreeSet<>();
    LongStream.range(0, COUNT).forEach(i -> numbers.add(Long.toString(i)));
    // Two files of lines of uneven length, one with CRLF endings, so splits fall everywhere in lines.
    Set<String> lines = new TreeSet<>();
    for (String file : List.of("a", "b")) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < COUNT / 2; i++) {
        String line = file + "-" + i + "-" + "x".repeat(i % 17);
        lines.add(line);
        text.append(line).append(file.equals("a") ? "\n" : "\r\n");
      }
      Files.writeString(dir.resolve(file + ".txt"), text, StandardCharsets.UTF_8);
    }
    return Stream.of(
        new Case("generator", new GeneratorSource<>(i -> i, COUNT), numbers),
        new Case("elements", new FromElementsSource<>(LongStream.range(0, COUNT).boxed().toList()), numbers),
        new Case("text files", new TextFileSource(dir.toUri().toString()), lines));
  }

  /** Polls each reader a few times (or to the end), counting what they emit; returns their positions. */
  private static List<byte[]> run(List<SourceReader<?>> readers, int polls, TreeMap<String, Integer> emitted)
      throws Exception {
    ReaderOutput<Object> out = new ReaderOutput<>() {
      public void collect(Object value) {
        emitted.merge(value.toString(), 1, Integer::sum);
      }

      public void collect(Object value, long timestamp) {
        collect(value);
      }
    };
    List<byte[]> positions = new ArrayList<>();
    for (int r = 0; r < readers.size(); r++) {
      @SuppressWarnings("unchecked")
      SourceReader<Object> reader = (SourceReader<Object>) readers.get(r);
      // Uneven progress: reader r polls (r + 1) times as often.
      for (int i = 0; i < polls * (r + 1) && reader.pollNext(out) != InputStatus.END_OF_INPUT; i++) {
        // polling
      }
      positions.add(reader.snapshotPosition());
      reader.close();
    }
    return positions;
  }

  private static List<SourceReader<?>> restored(Source<?> source, int parallelism, List<byte[]> previous)
      throws Exception {
    List<SourceReader<?>> readers = new ArrayList<>();
    for (int k = 0; k < parallelism; k++) {
      SourceReader<?> reader = source.createReader(TestSubtasks.of(k, parallelism));
      if (previous == null) {
        // a fresh start
      } else if (previous.size() == parallelism) {
        reader.restorePosition(previous.get(k));
      } else {
        reader.restoreRescaled(previous);
      }
      readers.add(reader);
    }
    return readers;
  }

  @ParameterizedTest
  @MethodSource("sources")
  void everyElementExactlyOnceThroughRescalesAndASameParallelismRestore(Case c) throws Exception {
    TreeMap<String, Integer> emitted = new TreeMap<>();
    List<byte[]> at2 = run(restored(c.source(), 2, null), 3, emitted);
    List<byte[]> at3 = run(restored(c.source(), 3, at2), 2, emitted);
    List<byte[]> again3 = run(restored(c.source(), 3, at3), 1, emitted);
    List<byte[]> at5 = run(restored(c.source(), 5, again3), 1, emitted);
    run(restored(c.source(), 1, at5), Integer.MAX_VALUE / 2, emitted);
    assertEquals(c.expected(), emitted.keySet(), "every element emitted");
    assertTrue(emitted.values().stream().allMatch(n -> n == 1), "none twice");
  }

  @Test
  void aTextFilePositionOfEarlierVersionsStillRestores() throws Exception {
    // Before spans, a position was the file being read and the offset of its next line.
    Path input = Files.createDirectory(dir.resolve("legacy"));
    Files.writeString(input.resolve("a.txt"), "a0\na1\na2\n", StandardCharsets.UTF_8);
    Files.writeString(input.resolve("b.txt"), "b0\nb1\n", StandardCharsets.UTF_8);
    TextFileSource source = new TextFileSource(input.toUri().toString());
    TreeMap<String, Integer> emitted = new TreeMap<>();
    byte[] inA = ByteBuffer.allocate(12).putInt(0).putLong(3).array(); // at "a1"
    List<SourceReader<?>> one = restored(source, 1, List.of(inA));
    run(one, Integer.MAX_VALUE / 2, emitted);
    assertEquals(Set.of("a1", "a2", "b0", "b1"), emitted.keySet());
    emitted.clear();
    byte[] doneWithA = ByteBuffer.allocate(12).putInt(0).putLong(-1).array();
    run(restored(source, 1, List.of(doneWithA)), Integer.MAX_VALUE / 2, emitted);
    assertEquals(Set.of("b0", "b1"), emitted.keySet());
  }
}
