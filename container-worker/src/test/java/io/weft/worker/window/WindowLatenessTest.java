package io.weft.worker.window;

import static io.weft.worker.window.WindowTestSupport.e;
import static io.weft.worker.window.WindowTestSupport.take;
import static io.weft.worker.window.WindowTestSupport.takeSorted;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.api.datastream.OutputTag;
import io.weft.api.windowing.assigners.SlidingEventTimeWindows;
import io.weft.api.windowing.assigners.TumblingEventTimeWindows;
import io.weft.worker.harness.OneInputOperatorHarness;
import io.weft.worker.operators.window.WindowOperator;
import io.weft.worker.window.WindowTestSupport.Event;
import io.weft.worker.window.WindowTestSupport.ListValues;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lateness, by Flink's rules. A window's cleanup time is maxTimestamp + allowedLateness; a window
 * is late when its cleanup time is at or below the watermark, and an element is late (dropped,
 * or sent to the late side output) when all its windows are late, i.e. timestamp + lateness <=
 * watermark. An element added to a window whose end the watermark already passed fires it again
 * at once (EventTimeTrigger). At the cleanup time the window's contents, trigger state and timers go.
 */
class WindowLatenessTest {
  private static final TumblingEventTimeWindows TEN_MS = TumblingEventTimeWindows.of(Duration.ofMillis(10));
  private static final OutputTag<Event> LATE = new OutputTag<>("late");

  private static long dropped(OneInputOperatorHarness<Event, ?> h) {
    return ((WindowOperator<?, ?, ?, ?>) h.operator()).lateRecordsDropped();
  }

  /** Lateness 0: a,1@5 fires [0,10) at watermark 9; a,2@3 then is late (3 <= 9) and dropped. */
  @Test
  void lateElementsAreDroppedWithoutSideOutput() throws Exception {
    try (var h = WindowTestSupport.harness(s -> s.keyBy(Event::key).window(TEN_MS).process(new ListValues()))) {
      h.processElement(e("a", 1), 5);
      h.processWatermark(9);
      assertEquals(List.of("a [0,10) [1]@9"), take(h));
      h.processElement(e("a", 2), 3);
      assertEquals(List.of(), take(h));
      assertEquals(1, dropped(h));
      h.processElement(e("a", 3), 10); // [10,20) is not late
      h.processWatermark(19);
      assertEquals(List.of("a [10,20) [3]@19"), take(h));
      assertEquals(0, WindowTestSupport.contentsEntries(h));
    }
  }

  @Test
  void lateElementsGoToTheSideOutputWithTheirTimestamp() throws Exception {
    try (var h = WindowTestSupport.harness(s -> s.keyBy(Event::key).window(TEN_MS).sideOutputLateData(LATE)
        .process(new ListValues()))) {
      h.processElement(e("a", 1), 5);
      h.processWatermark(9);
      h.processElement(e("a", 2), 3);
      h.processElement(e("b", 7), 9); // 9 <= 9: a window ending at the watermark is late too
      var late = h.sideOutputRecords(LATE);
      assertEquals(2, late.size());
      assertEquals(e("a", 2), late.get(0).value());
      assertEquals(3, late.get(0).timestamp());
      assertEquals(e("b", 7), late.get(1).value());
      assertEquals(0, dropped(h));
      assertEquals(List.of("a [0,10) [1]@9"), take(h));
    }
  }

  /**
   * Allowed lateness 5: [0,10) has cleanup time 9 + 5 = 14. a,1@5; watermark 9 fires [1]. a,2@3
   * (watermark 9 < 14: on time for the window) is added and fires [1, 2] at once; at watermark 13
   * a,3@0 fires [1, 2, 3]. Watermark 14 removes the window without firing (the end-of-window
   * timer already fired); then a,4@8 is late (8 + 5 <= 14) and goes to the side output.
   */
  @Test
  void withinTheAllowedLatenessElementsFireTheWindowAgain() throws Exception {
    try (var h = WindowTestSupport.harness(s -> s.keyBy(Event::key).window(TEN_MS)
        .allowedLateness(Duration.ofMillis(5)).sideOutputLateData(LATE).process(new ListValues()))) {
      h.processElement(e("a", 1), 5);
      assertEquals(2, h.numEventTimeTimers(), "end of window (9) and cleanup (14)");
      h.processWatermark(9);
      assertEquals(List.of("a [0,10) [1]@9"), take(h));
      assertEquals(1, h.numEventTimeTimers(), "the cleanup timer");
      h.processElement(e("a", 2), 3);
      assertEquals(List.of("a [0,10) [1, 2]@9"), take(h));
      h.processWatermark(13);
      h.processElement(e("a", 3), 0);
      assertEquals(List.of("a [0,10) [1, 2, 3]@9"), take(h));
      assertEquals(1, WindowTestSupport.contentsEntries(h));
      h.processWatermark(14);
      assertEquals(List.of(), take(h), "cleanup does not fire");
      assertEquals(0, WindowTestSupport.contentsEntries(h));
      assertEquals(0, WindowTestSupport.timers(h));
      h.processElement(e("a", 4), 8);
      assertEquals(List.of(e("a", 4)), h.sideOutput(LATE));
      assertEquals(List.of(), take(h));
      assertEquals(0, WindowTestSupport.contentsEntries(h), "a late element leaves no state behind");
    }
  }

  /**
   * Sliding 20/10, lateness 0: a,1@15 is in [10,30) and [0,20). Watermark 19 fires [0,20). a,2@12
   * would go to [0,20) (late) and [10,30) (on time): it is added to [10,30) only and is not a
   * late element. Watermark 29 fires [10,30) with both.
   */
  @Test
  void anElementIsLateOnlyIfAllItsWindowsAre() throws Exception {
    try (var h = WindowTestSupport.harness(s -> s.keyBy(Event::key)
        .window(SlidingEventTimeWindows.of(Duration.ofMillis(20), Duration.ofMillis(10))).sideOutputLateData(LATE)
        .process(new ListValues()))) {
      h.processElement(e("a", 1), 15);
      h.processWatermark(19);
      assertEquals(List.of("a [0,20) [1]@19"), take(h));
      h.processElement(e("a", 2), 12);
      assertEquals(List.of(), h.sideOutput(LATE));
      h.processWatermark(29);
      assertEquals(List.of("a [10,30) [1, 2]@29"), take(h));
    }
  }

  /**
   * Many keys and windows with allowed lateness 50: while the watermark stays below every
   * cleanup time the state is all there; once it passes them all, every content entry and timer
   * is gone. 20 keys x 3 tumbling windows ([0,10), [10,20), [20,30)), 2 elements each.
   */
  @Test
  void stateAndTimersAreRemovedAfterTheAllowedLateness() throws Exception {
    try (var h = WindowTestSupport.harness(s -> s.keyBy(Event::key).window(TEN_MS)
        .allowedLateness(Duration.ofMillis(50)).reduce(WindowTestSupport::sum))) {
      for (int k = 0; k < 20; k++) {
        for (long t = 0; t < 30; t += 5) {
          h.processElement(e("k" + k, 1), t);
        }
      }
      assertEquals(60, WindowTestSupport.contentsEntries(h));
      assertEquals(120, h.numEventTimeTimers(), "end and cleanup timer of each (key, window)");
      h.processWatermark(29);
      assertEquals(60, takeSorted(h).size(), "every window fired once");
      assertEquals(60, WindowTestSupport.contentsEntries(h), "kept for late elements");
      assertEquals(60, h.numEventTimeTimers(), "the cleanup timers at 59, 69, 79");
      h.processWatermark(69);
      assertEquals(20, WindowTestSupport.contentsEntries(h), "only [20,30) (cleanup 79) is left");
      h.processWatermark(79);
      assertEquals(0, WindowTestSupport.contentsEntries(h));
      assertEquals(0, WindowTestSupport.timers(h));
      assertEquals(List.of(), take(h), "cleanup never fires");
    }
  }
}
