package io.weft.worker.window;

import static io.weft.worker.window.WindowTestSupport.e;
import static io.weft.worker.window.WindowTestSupport.take;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.api.windowing.assigners.ProcessingTimeSessionWindows;
import io.weft.api.windowing.assigners.SlidingProcessingTimeWindows;
import io.weft.api.windowing.assigners.TumblingProcessingTimeWindows;
import io.weft.worker.window.WindowTestSupport.Event;
import io.weft.worker.window.WindowTestSupport.ListValues;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Processing-time windows with the harness's hand-moved clock: elements go to the window of the
 * clock at arrival (their event timestamps do not matter), the ProcessingTimeTrigger fires when
 * the clock reaches the window's maxTimestamp, and the window's state goes right then.
 */
class WindowProcessingTimeTest {

  /** Clock 3 and 7: both in [0,10); clock 9 fires it. Clock 12: [10,20), fired when the clock jumps to 25. */
  @Test
  void tumblingWindowsFireWhenTheClockPassesTheirEnd() throws Exception {
    try (var h = WindowTestSupport.harness(s -> s.keyBy(Event::key)
        .window(TumblingProcessingTimeWindows.of(Duration.ofMillis(10))).process(new ListValues()))) {
      h.setProcessingTime(3);
      h.processElement(e("a", 1), 999_999); // the event time plays no part
      h.setProcessingTime(7);
      h.processElement(e("a", 2));
      h.processWatermark(Long.MAX_VALUE);
      assertEquals(List.of(), take(h), "watermarks do not fire processing-time windows");
      h.setProcessingTime(8);
      assertEquals(List.of(), take(h));
      h.setProcessingTime(9);
      assertEquals(List.of("a [0,10) [1, 2]@9"), take(h));
      h.setProcessingTime(12);
      h.processElement(e("a", 3));
      h.setProcessingTime(25);
      assertEquals(List.of("a [10,20) [3]@19"), take(h));
      assertEquals(0, WindowTestSupport.contentsEntries(h));
      assertEquals(0, WindowTestSupport.timers(h));
    }
  }

  /** Size 10, slide 5: clock 7 is in [5,15) and [0,10); clock 9 fires [0,10), clock 14 fires [5,15). */
  @Test
  void slidingWindows() throws Exception {
    try (var h = WindowTestSupport.harness(s -> s.keyBy(Event::key)
        .window(SlidingProcessingTimeWindows.of(Duration.ofMillis(10), Duration.ofMillis(5)))
        .process(new ListValues()))) {
      h.setProcessingTime(7);
      h.processElement(e("a", 1));
      h.setProcessingTime(9);
      assertEquals(List.of("a [0,10) [1]@9"), take(h));
      h.setProcessingTime(14);
      assertEquals(List.of("a [5,15) [1]@14"), take(h));
    }
  }

  /** Gap 10: clock 0 and 5 make [0,15), fired at clock 14; clock 40 opens a new session [40,50). */
  @Test
  void sessionWindowsMergeByArrivalTime() throws Exception {
    try (var h = WindowTestSupport.harness(s -> s.keyBy(Event::key)
        .window(ProcessingTimeSessionWindows.withGap(Duration.ofMillis(10))).process(new ListValues()))) {
      h.processElement(e("a", 1));
      h.setProcessingTime(5);
      h.processElement(e("a", 2));
      assertEquals(1, h.numProcessingTimeTimers(), "[0,10)'s timer moved to [0,15)'s");
      h.setProcessingTime(13);
      assertEquals(List.of(), take(h));
      h.setProcessingTime(14);
      assertEquals(List.of("a [0,15) [1, 2]@14"), take(h));
      h.setProcessingTime(40);
      h.processElement(e("a", 3));
      h.setProcessingTime(49);
      assertEquals(List.of("a [40,50) [3]@49"), take(h));
      assertEquals(0, WindowTestSupport.contentsEntries(h));
    }
  }

  /** An offset moves processing-time windows like event-time ones: size 10, offset 4 -> [4,14). */
  @Test
  void tumblingWindowsWithOffset() throws Exception {
    try (var h = WindowTestSupport.harness(s -> s.keyBy(Event::key)
        .window(TumblingProcessingTimeWindows.of(Duration.ofMillis(10), Duration.ofMillis(4)))
        .reduce(WindowTestSupport::sum))) {
      h.setProcessingTime(4);
      h.processElement(e("a", 1));
      h.setProcessingTime(12);
      h.processElement(e("a", 2));
      h.setProcessingTime(13);
      assertEquals(List.of("a:3@13"), take(h));
      h.setProcessingTime(14);
      h.processElement(e("a", 5)); // the next window, [14,24)
      h.setProcessingTime(23);
      assertEquals(List.of("a:5@23"), take(h));
    }
  }
}
