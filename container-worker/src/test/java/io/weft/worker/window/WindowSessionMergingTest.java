package io.weft.worker.window;

import static io.weft.worker.window.WindowTestSupport.e;
import static io.weft.worker.window.WindowTestSupport.take;
import static io.weft.worker.window.WindowTriggersTest.sortValues;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.api.datastream.OutputTag;
import io.weft.api.state.MapStateDescriptor;
import io.weft.api.windowing.assigners.EventTimeSessionWindows;
import io.weft.api.windowing.windows.Window;
import io.weft.state.keyed.KeyedStateBackend;
import io.weft.worker.harness.OneInputOperatorHarness;
import io.weft.worker.operators.window.WindowOperator;
import io.weft.worker.window.WindowTestSupport.CountEvents;
import io.weft.worker.window.WindowTestSupport.Event;
import io.weft.worker.window.WindowTestSupport.ListValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Session windows: each element opens [t, t + gap); windows that overlap or touch merge into the
 * window covering them, with their contents (list, reduce or aggregate accumulator), trigger
 * state and timers. All with gap 10 ms.
 */
class WindowSessionMergingTest {
  private static final EventTimeSessionWindows<Object> GAP_10 = EventTimeSessionWindows.withGap(Duration.ofMillis(10));

  /** Key a's live session windows, read from the operator's merging set in keyed state. */
  private static int liveSessions(OneInputOperatorHarness<Event, ?> h) throws Exception {
    KeyedStateBackend<String> state = h.keyedState();
    state.setCurrentKey("a");
    state.setCurrentNamespace(KeyedStateBackend.DEFAULT_NAMESPACE);
    int n = 0;
    for (Window ignored : state.getMapState(new MapStateDescriptor<>(WindowOperator.MERGING_STATE, Window.class,
        Window.class)).keys()) {
      n++;
    }
    return n;
  }

  private static List<String> takeValuesSorted(OneInputOperatorHarness<Event, String> h) {
    List<String> out = new ArrayList<>();
    for (String line : take(h)) {
      int at = line.lastIndexOf('@');
      out.add(sortValues(line.substring(0, at)) + line.substring(at));
    }
    out.sort(null);
    return out;
  }

  /**
   * a@0 -> [0,10); a@5 -> [5,15) overlaps: [0,15); a@30 -> [30,40) separate; b@3 -> b's own
   * [3,13). Watermark 14 fires a's [0,15) (maxTimestamp 14) and b's [3,13) (12); 39 fires [30,40).
   */
  @Test
  void overlappingSessionsMerge() throws Exception {
    try (var h = WindowTestSupport.harness(s -> s.keyBy(Event::key).window(GAP_10).process(new ListValues()))) {
      h.processElement(e("a", 1), 0);
      h.processElement(e("a", 2), 5);
      h.processElement(e("a", 3), 30);
      h.processElement(e("b", 4), 3);
      assertEquals(3, h.numEventTimeTimers(), "[0,15) at 14, [30,40) at 39, b's [3,13) at 12; [0,10)'s is gone");
      h.processWatermark(14);
      assertEquals(List.of("a [0,15) [1, 2]@14", "b [3,13) [4]@12"), takeValuesSorted(h));
      h.processWatermark(39);
      assertEquals(List.of("a [30,40) [3]@39"), take(h));
      assertEquals(0, WindowTestSupport.contentsEntries(h));
      assertEquals(0, h.keyedState().numEntries(WindowOperator.MERGING_STATE), "no key has sessions left");
      assertEquals(0, WindowTestSupport.timers(h));
    }
  }

  /**
   * One element bridging two sessions: a@0 [0,10) and a@20 [20,30) are apart; a@10 [10,20)
   * touches both, so all three become [0,30). The timers of the merged windows (9 and 29 for
   * [0,10) and [20,30)) are replaced by [0,30)'s at 29 (end and cleanup coincide at lateness 0).
   */
  @Test
  void aBridgingElementMergesThreeWindows() throws Exception {
    try (var h = WindowTestSupport.harness(s -> s.keyBy(Event::key).window(GAP_10).process(new ListValues()))) {
      h.processElement(e("a", 1), 0);
      h.processElement(e("a", 2), 20);
      assertEquals(2, liveSessions(h));
      h.processElement(e("a", 3), 10);
      assertEquals(1, liveSessions(h));
      assertEquals(1, h.numEventTimeTimers());
      assertEquals(1, WindowTestSupport.contentsEntries(h), "the merged contents live in one namespace");
      h.processWatermark(28);
      assertEquals(List.of(), take(h));
      h.processWatermark(29);
      assertEquals(List.of("a [0,30) [1, 2, 3]@29"), takeValuesSorted(h));
    }
  }

  /** Dynamic gaps: the gap is the element's value. a,5@0 -> [0,5); a,20@4 -> [4,24): [0,24). */
  @Test
  void dynamicGapsMergeByTheElementsOwnGap() throws Exception {
    try (var h = WindowTestSupport.harness(s -> s.keyBy(Event::key)
        .window(EventTimeSessionWindows.<Event>withDynamicGap(Event::value)).process(new ListValues()))) {
      h.processElement(e("a", 5), 0);
      h.processElement(e("a", 20), 4);
      h.processElement(e("a", 1), 30); // [30,31): after [0,24), its own session
      h.processWatermark(Long.MAX_VALUE);
      assertEquals(List.of("a [0,24) [5, 20]@23", "a [30,31) [1]@30"), takeValuesSorted(h));
    }
  }

  /**
   * Merged accumulators (CountEvents). a@0 [0,10) and a@2 [2,12): [0,12) with 2. a@25 [25,35);
   * a@15 [15,25) touches it (not [0,12)): [15,35) with 2. Watermark 11 fires [0,12): 2. a@12
   * [12,22) (cleanup 21 > 11, on time) overlaps [15,35): [12,35) with 2 + 1 = 3, fired at the end.
   */
  @Test
  void aggregateAccumulatorsMerge() throws Exception {
    try (var h = WindowTestSupport.harness(s -> s.keyBy(Event::key).window(GAP_10).aggregate(new CountEvents()))) {
      h.processElement(e("a", 1), 0);
      h.processElement(e("a", 1), 2);
      h.processElement(e("a", 1), 25);
      h.processElement(e("a", 1), 15);
      assertEquals(2, liveSessions(h));
      h.processWatermark(11);
      assertEquals(List.of("2@11"), take(h));
      h.processElement(e("a", 1), 12);
      h.processWatermark(Long.MAX_VALUE);
      assertEquals(List.of("3@34"), take(h));
    }
  }

  /** Merged reductions: sums 3 and 4 merge, plus the bridging 10. */
  @Test
  void reducedValuesMerge() throws Exception {
    try (var h = WindowTestSupport.harness(s -> s.keyBy(Event::key).window(GAP_10).reduce(WindowTestSupport::sum))) {
      h.processElement(e("a", 3), 0);
      h.processElement(e("a", 4), 20);
      h.processElement(e("a", 10), 10);
      h.processWatermark(Long.MAX_VALUE);
      assertEquals(List.of("a:17@29"), take(h));
    }
  }

  /**
   * A late element (within the allowed lateness) bridging two fired sessions. Lateness 30:
   * a,1@0 [0,10) (cleanup 9 + 30 = 39) and a,2@20 [20,30) (cleanup 59). Watermark 30 fires both.
   * a,3@10 [10,20): cleanup 49 > 30, not late; it touches both, so [0,30) forms with all three
   * elements, and since 29 <= watermark the merged window fires at once (EventTimeTrigger). Its
   * cleanup at 59 replaces the merged windows' timers; after watermark 59 nothing is left.
   */
  @Test
  void aLateElementBridgingTwoFiredSessions() throws Exception {
    OutputTag<Event> late = new OutputTag<>("late");
    try (var h = WindowTestSupport.harness(s -> s.keyBy(Event::key).window(GAP_10)
        .allowedLateness(Duration.ofMillis(30)).sideOutputLateData(late).process(new ListValues()))) {
      h.processElement(e("a", 1), 0);
      h.processElement(e("a", 2), 20);
      h.processWatermark(30);
      assertEquals(List.of("a [0,10) [1]@9", "a [20,30) [2]@29"), takeValuesSorted(h));
      assertEquals(2, h.numEventTimeTimers(), "the cleanup timers at 39 and 59");
      h.processElement(e("a", 3), 10);
      assertEquals(List.of("a [0,30) [1, 2, 3]@29"), takeValuesSorted(h));
      assertEquals(List.of(), h.sideOutput(late));
      assertEquals(1, liveSessions(h));
      assertEquals(1, h.numEventTimeTimers(), "only [0,30)'s cleanup at 59");
      h.processWatermark(58);
      assertEquals(1, WindowTestSupport.contentsEntries(h));
      h.processWatermark(59);
      assertEquals(List.of(), take(h));
      assertEquals(0, WindowTestSupport.contentsEntries(h));
      assertEquals(0, liveSessions(h));
      assertEquals(0, WindowTestSupport.timers(h));
      h.processElement(e("a", 4), 15); // [15,25): cleanup 24 + 30 <= 59, and 15 + 30 <= 59: late
      assertEquals(List.of(e("a", 4)), h.sideOutput(late));
      assertEquals(0, liveSessions(h), "a late session window is not kept");
      assertEquals(0, h.keyedState().numEntries(WindowOperator.MERGING_STATE));
    }
  }

  /** An element whose window lies inside a live session adds to its contents; the session keeps its bounds and timer. */
  @Test
  void anElementInsideALiveSessionExtendsItOnlyAsFarAsItsGap() throws Exception {
    try (var h = WindowTestSupport.harness(s -> s.keyBy(Event::key)
        .window(EventTimeSessionWindows.<Event>withDynamicGap(Event::value)).process(new ListValues()))) {
      h.processElement(e("a", 20), 0); // [0,20)
      h.processElement(e("a", 5), 3); // [3,8) lies inside [0,20): the session stays [0,20)
      assertEquals(1, liveSessions(h));
      assertEquals(1, h.numEventTimeTimers());
      h.processWatermark(19);
      assertEquals(List.of("a [0,20) [5, 20]@19"), takeValuesSorted(h));
    }
  }
}
