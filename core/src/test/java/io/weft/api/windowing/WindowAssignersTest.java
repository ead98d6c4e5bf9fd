package io.weft.api.windowing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.windowing.assigners.EventTimeSessionWindows;
import io.weft.api.windowing.assigners.GlobalWindows;
import io.weft.api.windowing.assigners.ProcessingTimeSessionWindows;
import io.weft.api.windowing.assigners.SlidingEventTimeWindows;
import io.weft.api.windowing.assigners.SlidingProcessingTimeWindows;
import io.weft.api.windowing.assigners.TumblingEventTimeWindows;
import io.weft.api.windowing.assigners.TumblingProcessingTimeWindows;
import io.weft.api.windowing.assigners.WindowAssigner;
import io.weft.api.windowing.triggers.EventTimeTrigger;
import io.weft.api.windowing.triggers.ProcessingTimeTrigger;
import io.weft.api.windowing.windows.GlobalWindow;
import io.weft.api.windowing.windows.TimeWindow;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Window assignment by hand from Flink's definitions: a tumbling window of size s and offset o
 * containing t starts at t - ((t - o) mod s) with a non-negative (floor) modulus; a sliding window
 * starts every slide and contains t when start <= t < start + size; a session window of an
 * element is [t, t + gap). Windows are [start, end) with maxTimestamp = end - 1.
 */
class WindowAssignersTest {
  private static final WindowAssigner.WindowAssignerContext NO_CLOCK = () -> {
    throw new AssertionError("an event-time assigner must not read the clock");
  };

  private static WindowAssigner.WindowAssignerContext clockAt(long now) {
    return () -> now;
  }

  private static TimeWindow w(long start, long end) {
    return new TimeWindow(start, end);
  }

  private static <W extends io.weft.api.windowing.windows.Window> List<W> assign(WindowAssigner<Object, W> assigner, long timestamp,
      WindowAssigner.WindowAssignerContext ctx) {
    return new ArrayList<>(assigner.assignWindows("element", timestamp, ctx));
  }

  @Test
  void tumblingWindowsStartAtMultiplesOfTheSize() {
    TumblingEventTimeWindows oneSecond = TumblingEventTimeWindows.of(Duration.ofSeconds(1));
    assertEquals(List.of(w(0, 1000)), assign(oneSecond, 0, NO_CLOCK));
    assertEquals(List.of(w(0, 1000)), assign(oneSecond, 999, NO_CLOCK)); // end excluded, 999 is the max
    assertEquals(List.of(w(1000, 2000)), assign(oneSecond, 1000, NO_CLOCK));
    assertEquals(999, w(0, 1000).maxTimestamp());
    assertTrue(oneSecond.isEventTime());
    assertInstanceOf(EventTimeTrigger.class, oneSecond.getDefaultTrigger());
  }

  @Test
  void tumblingWindowsBeforeTheEpoch() {
    TumblingEventTimeWindows oneSecond = TumblingEventTimeWindows.of(Duration.ofSeconds(1));
    // -1 mod 1000 = 999 (floor), so -1 lies in [-1000, 0).
    assertEquals(List.of(w(-1000, 0)), assign(oneSecond, -1, NO_CLOCK));
    assertEquals(List.of(w(-1000, 0)), assign(oneSecond, -1000, NO_CLOCK));
    // -1001 mod 1000 = 999 -> start -2000. The truncating formula (t - o + s) % s would give
    // (-1001 + 1000) % 1000 = -1 -> start -1000, a window that does not contain -1001.
    assertEquals(List.of(w(-2000, -1000)), assign(oneSecond, -1001, NO_CLOCK));
    assertEquals(-2000, TimeWindow.getWindowStartWithOffset(-1001, 0, 1000));
    assertEquals(List.of(w(-7000, -6000)), assign(oneSecond, -6_500, NO_CLOCK));
  }

  @Test
  void tumblingWindowsWithAnOffset() {
    // Size 10, offset 3: windows [..., -7), [-7, 3), [3, 13), [13, 23) ...
    TumblingEventTimeWindows shifted = TumblingEventTimeWindows.of(Duration.ofMillis(10), Duration.ofMillis(3));
    assertEquals(List.of(w(-7, 3)), assign(shifted, 2, NO_CLOCK));
    assertEquals(List.of(w(3, 13)), assign(shifted, 3, NO_CLOCK));
    assertEquals(List.of(w(13, 23)), assign(shifted, 22, NO_CLOCK));
    assertEquals(List.of(w(-17, -7)), assign(shifted, -8, NO_CLOCK));
    // A negative offset shifts the other way: offset -3 gives [-3, 7), [7, 17) ...
    TumblingEventTimeWindows back = TumblingEventTimeWindows.of(Duration.ofMillis(10), Duration.ofMillis(-3));
    assertEquals(List.of(w(7, 17)), assign(back, 7, NO_CLOCK));
    assertEquals(List.of(w(-3, 7)), assign(back, 6, NO_CLOCK));
  }

  @Test
  void dayWindowsInUtcPlus8() {
    // Flink's example: days of UTC+8 are tumbling windows of one day with offset -8 h. A local
    // day starts at 00:00+08:00 = 16:00Z of the day before, i.e. 8 h before a UTC day starts.
    TumblingEventTimeWindows days = TumblingEventTimeWindows.of(Duration.ofDays(1), Duration.ofHours(-8));
    ZoneOffset utc8 = ZoneOffset.ofHours(8);
    long dayStart = ZonedDateTime.of(2024, 1, 1, 0, 0, 0, 0, utc8).toInstant().toEpochMilli();
    long dayEnd = ZonedDateTime.of(2024, 1, 2, 0, 0, 0, 0, utc8).toInstant().toEpochMilli();
    long lateEvening = ZonedDateTime.of(2024, 1, 1, 23, 30, 0, 0, utc8).toInstant().toEpochMilli(); // 15:30Z
    long earlyMorning = ZonedDateTime.of(2024, 1, 1, 0, 30, 0, 0, utc8).toInstant().toEpochMilli(); // Dec 31 16:30Z
    assertEquals(List.of(w(dayStart, dayEnd)), assign(days, lateEvening, NO_CLOCK));
    assertEquals(List.of(w(dayStart, dayEnd)), assign(days, earlyMorning, NO_CLOCK));
    assertEquals(List.of(w(dayStart, dayEnd)), assign(days, dayStart, NO_CLOCK));
    assertEquals(List.of(w(dayEnd, dayEnd + 86_400_000)), assign(days, dayEnd, NO_CLOCK));
    // In plain UTC days, 23:30+08:00 and 00:30+08:00 of the same local day are on different days.
    TumblingEventTimeWindows utcDays = TumblingEventTimeWindows.of(Duration.ofDays(1));
    assertFalse(assign(utcDays, lateEvening, NO_CLOCK).equals(assign(utcDays, earlyMorning, NO_CLOCK)));
  }

  @Test
  void slidingWindowsContainTheTimestamp() {
    SlidingEventTimeWindows tenByOne = SlidingEventTimeWindows.of(Duration.ofSeconds(10), Duration.ofSeconds(1));
    // 12345 lies in the windows starting 12000, 11000, ..., 3000 (start + 10000 > 12345): ten of them.
    List<TimeWindow> expected = new ArrayList<>();
    for (long start = 12_000; start >= 3_000; start -= 1_000) {
      expected.add(w(start, start + 10_000));
    }
    assertEquals(expected, assign(tenByOne, 12_345, NO_CLOCK));
    // A timestamp on a slide boundary: 10000 is in [1000, 11000) ... [10000, 20000), not [0, 10000).
    List<TimeWindow> atBoundary = assign(tenByOne, 10_000, NO_CLOCK);
    assertEquals(10, atBoundary.size());
    assertEquals(w(10_000, 20_000), atBoundary.get(0));
    assertEquals(w(1_000, 11_000), atBoundary.get(9));
  }

  @Test
  void slidingWindowsBeforeTheEpochAndWithOffset() {
    SlidingEventTimeWindows threeByOne = SlidingEventTimeWindows.of(Duration.ofSeconds(3), Duration.ofSeconds(1));
    assertEquals(List.of(w(-1000, 2000), w(-2000, 1000), w(-3000, 0)), assign(threeByOne, -1, NO_CLOCK));
    // Size 10, slide 5, offset 2: starts ..., -8, -3, 2, ...; t = 0 is in [-3, 7) and [-8, 2).
    SlidingEventTimeWindows shifted = SlidingEventTimeWindows.of(Duration.ofMillis(10), Duration.ofMillis(5),
        Duration.ofMillis(2));
    assertEquals(List.of(w(-3, 7), w(-8, 2)), assign(shifted, 0, NO_CLOCK));
    // Size not a multiple of the slide: size 7, slide 5; t = 6 is in [5, 12) and [0, 7).
    SlidingEventTimeWindows uneven = SlidingEventTimeWindows.of(Duration.ofMillis(7), Duration.ofMillis(5));
    assertEquals(List.of(w(5, 12), w(0, 7)), assign(uneven, 6, NO_CLOCK));
  }

  @Test
  void sessionWindowsSpanTheGapFromTheElement() {
    EventTimeSessionWindows<Object> sessions = EventTimeSessionWindows.withGap(Duration.ofMillis(30));
    assertEquals(List.of(w(100, 130)), assign(sessions, 100, NO_CLOCK));
    assertEquals(List.of(w(-50, -20)), assign(sessions, -50, NO_CLOCK));
    assertTrue(sessions.isEventTime());

    EventTimeSessionWindows<String> dynamic = EventTimeSessionWindows.withDynamicGap(String::length);
    assertEquals(List.of(w(100, 105)), new ArrayList<>(dynamic.assignWindows("abcde", 100, NO_CLOCK)));
    assertThrows(IllegalArgumentException.class, () -> dynamic.assignWindows("", 100, NO_CLOCK));
  }

  @Test
  void sessionWindowsMergeWhenTheyOverlapOrTouch() {
    EventTimeSessionWindows<Object> sessions = EventTimeSessionWindows.withGap(Duration.ofMillis(10));
    List<String> merges = new ArrayList<>();
    // [0,10) and [10,20) touch (an element exactly one gap after the last): one session [0,20);
    // [5,15) overlaps both; [30,40) stays alone; [50,60) twice is one window.
    sessions.mergeWindows(List.of(w(10, 20), w(30, 40), w(0, 10), w(5, 15), w(50, 60), w(50, 60)),
        (toBeMerged, result) -> merges.add(toBeMerged.size() + "->" + result));
    assertEquals(List.of("3->" + w(0, 20), "2->" + w(50, 60)), merges);
  }

  @Test
  void processingTimeAssignersUseTheClockNotTheTimestamp() {
    WindowAssigner.WindowAssignerContext at12345 = clockAt(12_345);
    TumblingProcessingTimeWindows tumbling = TumblingProcessingTimeWindows.of(Duration.ofSeconds(1));
    assertEquals(List.of(w(12_000, 13_000)), assign(tumbling, Long.MIN_VALUE, at12345));
    assertEquals(List.of(w(12_000, 13_000)), assign(tumbling, 1, at12345));
    assertFalse(tumbling.isEventTime());
    assertInstanceOf(ProcessingTimeTrigger.class, tumbling.getDefaultTrigger());

    TumblingProcessingTimeWindows shifted = TumblingProcessingTimeWindows.of(Duration.ofSeconds(1),
        Duration.ofMillis(500));
    assertEquals(List.of(w(11_500, 12_500)), assign(shifted, 0, at12345));

    SlidingProcessingTimeWindows sliding = SlidingProcessingTimeWindows.of(Duration.ofSeconds(2),
        Duration.ofSeconds(1));
    assertEquals(List.of(w(12_000, 14_000), w(11_000, 13_000)), assign(sliding, 0, at12345));

    ProcessingTimeSessionWindows<Object> sessions = ProcessingTimeSessionWindows.withGap(Duration.ofMillis(100));
    assertEquals(List.of(w(12_345, 12_445)), assign(sessions, 0, at12345));
  }

  @Test
  void globalWindowsPutEverythingInOneWindow() {
    GlobalWindows global = GlobalWindows.create();
    Collection<GlobalWindow> windows = global.assignWindows("x", 5, NO_CLOCK);
    assertEquals(List.of(GlobalWindow.get()), new ArrayList<>(windows));
    assertEquals(Long.MAX_VALUE, GlobalWindow.get().maxTimestamp());
    assertFalse(global.isEventTime());
    assertInstanceOf(GlobalWindows.NeverTrigger.class, global.getDefaultTrigger());
  }

  @Test
  void eventTimeAssignersNeedTimestamps() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TumblingEventTimeWindows.of(Duration.ofSeconds(1)).assignWindows("x", Long.MIN_VALUE, NO_CLOCK));
    assertTrue(e.getMessage().contains("assignTimestampsAndWatermarks"), e.getMessage());
  }

  @Test
  void invalidParametersAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> TumblingEventTimeWindows.of(Duration.ZERO));
    assertThrows(IllegalArgumentException.class,
        () -> TumblingEventTimeWindows.of(Duration.ofSeconds(1), Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class,
        () -> TumblingEventTimeWindows.of(Duration.ofSeconds(1), Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class,
        () -> SlidingEventTimeWindows.of(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class,
        () -> SlidingEventTimeWindows.of(Duration.ofSeconds(10), Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> EventTimeSessionWindows.withGap(Duration.ofMillis(-5)));
    assertThrows(IllegalArgumentException.class, () -> new TimeWindow(10, 5));
  }

  @Test
  void timeWindowBasics() {
    assertTrue(w(0, 10).intersects(w(10, 20)), "touching windows intersect");
    assertTrue(w(0, 10).intersects(w(5, 6)));
    assertFalse(w(0, 10).intersects(w(11, 20)));
    assertEquals(w(0, 20), w(0, 10).cover(w(15, 20)));
    assertEquals(w(3, 7), w(3, 7));
    assertEquals(w(3, 7).hashCode(), w(3, 7).hashCode());
    assertFalse(w(3, 7).equals(w(3, 8)));
  }

  /** The assigner reuses its last two windows: every answer must still be the window the formula gives. */
  @Test
  void tumblingWindowsReusedAcrossOutOfOrderElementsAreTheRightOnes() {
    TumblingEventTimeWindows shifted = TumblingEventTimeWindows.of(Duration.ofMillis(1000), Duration.ofMillis(300));
    java.util.Random random = new java.util.Random(7);
    long t = -5_000;
    for (int i = 0; i < 20_000; i++) {
      long ts = t - random.nextInt(1500); // out of order by up to 1.5 windows
      t += random.nextInt(3);
      Collection<TimeWindow> windows = shifted.assignWindows(null, ts, () -> 0);
      long start = TimeWindow.getWindowStartWithOffset(ts, 300, 1000);
      assertEquals(List.of(new TimeWindow(start, start + 1000)), new ArrayList<>(windows), "timestamp " + ts);
    }
  }
}
