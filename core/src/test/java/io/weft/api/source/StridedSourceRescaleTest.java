package io.weft.api.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.functions.TestSubtasks;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sources that split their input by stride (element i to subtask i mod p), restored at other
 * parallelisms, emit every element exactly once over all their lives.
 */
class StridedSourceRescaleTest {
  private static final long COUNT = 10_000;

  static Stream<Source<Long>> sources() {
    return Stream.of(new GeneratorSource<>(i -> i, COUNT),
        new FromElementsSource<>(LongStream.range(0, COUNT).boxed().toList()));
  }

  /** Polls each reader a few times (or to the end), counting what they make; returns their positions. */
  private static List<byte[]> run(List<SourceReader<Long>> readers, int polls, TreeMap<Long, Integer> made)
      throws Exception {
    ReaderOutput<Long> out = new ReaderOutput<>() {
      public void collect(Long value) {
        made.merge(value, 1, Integer::sum);
      }

      public void collect(Long value, long timestamp) {
        collect(value);
      }
    };
    List<byte[]> positions = new ArrayList<>();
    for (int r = 0; r < readers.size(); r++) {
      // Uneven progress: reader r polls (r + 1) times as often.
      for (int i = 0; i < polls * (r + 1) && readers.get(r).pollNext(out) != InputStatus.END_OF_INPUT; i++) {
        // polling
      }
      positions.add(readers.get(r).snapshotPosition());
    }
    return positions;
  }

  private static List<SourceReader<Long>> restored(Source<Long> source, int parallelism, List<byte[]> previous)
      throws Exception {
    List<SourceReader<Long>> readers = new ArrayList<>();
    for (int k = 0; k < parallelism; k++) {
      SourceReader<Long> reader = source.createReader(TestSubtasks.of(k, parallelism));
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
  void everyElementExactlyOnceThroughTwoRescalesAndASameParallelismRestore(Source<Long> source) throws Exception {
    TreeMap<Long, Integer> made = new TreeMap<>();
    List<byte[]> at2 = run(restored(source, 2, null), 3, made);
    List<byte[]> at3 = run(restored(source, 3, at2), 2, made);
    List<byte[]> again3 = run(restored(source, 3, at3), 1, made);
    run(restored(source, 1, again3), Integer.MAX_VALUE / 2, made);
    assertEquals(COUNT, made.size(), "every element emitted");
    assertTrue(made.values().stream().allMatch(n -> n == 1), "none twice");
    assertEquals(0L, made.firstKey());
    assertEquals(COUNT - 1, made.lastKey());
  }
}
