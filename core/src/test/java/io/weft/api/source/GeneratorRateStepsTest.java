package io.weft.api.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.functions.TestSubtasks;
import io.weft.api.source.GeneratorSource.RateStep;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A generator paced by a schedule of rates by sequence number. No timed assertion: the schedule is
 * checked as a bound it may never beat (a slow machine only makes it later), and the numbers as an
 * exact set.
 */
class GeneratorRateStepsTest {
  /** 40 numbers at 2,000/s, 20 at 200/s, then 2,000/s again: at least 0.16 s for the 100. */
  private static final List<RateStep> STEPS = List.of(new RateStep(0, 2_000), new RateStep(40, 200),
      new RateStep(60, 2_000));

  /** How many numbers of the whole source (one subtask) are due {@code elapsedNanos} after its start. */
  private static long dueBy(long elapsedNanos) {
    long due = 0;
    long n = 0;
    while (n < 100 && due <= elapsedNanos) {
      n++;
      due += (long) (1e9 / (n <= 40 ? 2_000 : n <= 60 ? 200 : 2_000));
    }
    return n;
  }

  @Test
  void neverRunsAheadOfTheScheduleAndMakesEveryNumberOnce() throws Exception {
    long start = System.nanoTime();
    SourceReader<Long> reader = GeneratorSource.withRateSteps(i -> i, 100, STEPS).createReader(TestSubtasks.of(0, 1));
    List<Long> seen = new ArrayList<>();
    int idlePolls = 0;
    InputStatus status;
    do {
      status = reader.pollNext(collectInto(seen));
      long elapsed = System.nanoTime() - start;
      assertTrue(seen.size() <= dueBy(elapsed), seen.size() + " numbers after " + elapsed / 1_000 + " us: ahead of"
          + " the schedule, which allows " + dueBy(elapsed));
      idlePolls += status == InputStatus.NOTHING_AVAILABLE ? 1 : 0;
    } while (status != InputStatus.END_OF_INPUT);
    assertTrue(idlePolls > 0, "it waited for numbers that were not due yet");
    List<Long> expected = new ArrayList<>();
    for (long i = 0; i < 100; i++) {
      expected.add(i);
    }
    assertEquals(expected, seen);
  }

  @Test
  void restoredAtAnotherParallelismTheScheduleGoesOnAndEachNumberComesOnce() throws Exception {
    GeneratorSource<Long> source = GeneratorSource.withRateSteps(i -> i, 100, STEPS);
    List<Long> seen = new ArrayList<>();
    List<byte[]> positions = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      SourceReader<Long> reader = source.createReader(TestSubtasks.of(k, 2));
      while (seen.size() < 10 * (k + 1)) {
        reader.pollNext(collectInto(seen));
      }
      positions.add(reader.snapshotPosition());
    }
    for (int k = 0; k < 3; k++) {
      SourceReader<Long> reader = source.createReader(TestSubtasks.of(k, 3));
      reader.restoreRescaled(positions);
      while (reader.pollNext(collectInto(seen)) != InputStatus.END_OF_INPUT) {
        // drain at the schedule's pace
      }
    }
    assertEquals(100, seen.size(), "no number twice: " + seen);
    assertEquals(100, new TreeSet<>(seen).size());
    assertEquals(99L, new TreeSet<>(seen).last());
  }

  @Test
  void refusesASchedulesThatDoesNotStartAtZeroOrAscend() {
    assertThrows(IllegalArgumentException.class, () -> GeneratorSource.withRateSteps(i -> i, 10,
        List.of(new RateStep(5, 10))));
    assertThrows(IllegalArgumentException.class, () -> GeneratorSource.withRateSteps(i -> i, 10,
        List.of(new RateStep(0, 10), new RateStep(0, 20))));
    assertThrows(IllegalArgumentException.class, () -> new RateStep(0, 0));
    assertThrows(IllegalArgumentException.class, () -> GeneratorSource.withRateSteps(i -> i, 10, List.of()));
  }

  private static ReaderOutput<Long> collectInto(List<Long> into) {
    return new ReaderOutput<>() {
      public void collect(Long value) {
        into.add(value);
      }

      public void collect(Long value, long timestamp) {
        into.add(value);
      }
    };
  }
}
