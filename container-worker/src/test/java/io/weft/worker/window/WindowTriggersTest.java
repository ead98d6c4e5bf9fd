package io.weft.worker.window;

import static io.weft.worker.window.WindowTestSupport.e;
import static io.weft.worker.window.WindowTestSupport.take;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.api.windowing.assigners.EventTimeSessionWindows;
import io.weft.api.windowing.assigners.GlobalWindows;
import io.weft.api.windowing.assigners.TumblingEventTimeWindows;
import io.weft.api.windowing.triggers.CountTrigger;
import io.weft.api.windowing.triggers.PurgingTrigger;
import io.weft.api.windowing.triggers.Trigger;
import io.weft.api.windowing.triggers.TriggerResult;
import io.weft.api.windowing.windows.TimeWindow;
import io.weft.worker.window.WindowTestSupport.Event;
import io.weft.worker.window.WindowTestSupport.ListValues;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The built-in triggers and a custom one, through the window operator. */
class WindowTriggersTest {

  /**
   * EventTimeTrigger: fires when the watermark reaches the window's maxTimestamp, not before.
   * a,1@3 is in [0,10), maxTimestamp 9; a,2@15 in [10,20), maxTimestamp 19.
   */
  @Test
  void eventTimeTriggerFiresWhenTheWatermarkReachesTheEnd() throws Exception {
    try (var h = WindowTestSupport.harness(s -> s.keyBy(Event::key)
        .window(TumblingEventTimeWindows.of(Duration.ofMillis(10))).process(new ListValues()))) {
      h.processElement(e("a", 1), 3);
      h.processElement(e("a", 2), 15);
      assertEquals(2, h.numEventTimeTimers(), "one end-of-window timer per window");
      h.processWatermark(8);
      assertEquals(List.of(), take(h));
      h.processWatermark(9);
      assertEquals(List.of("a [0,10) [1]@9"), take(h));
      h.processWatermark(100);
      assertEquals(List.of("a [10,20) [2]@19"), take(h));
    }
  }

  /**
   * CountTrigger.of(3) on a global window, reduce sum of 1..7: FIRE keeps the contents, so the
   * firings after the 3rd and 6th element see 1+2+3 = 6 and 1+..+6 = 21; the 7th waits. Global
   * windows never end: no timers, and the results carry Long.MAX_VALUE (the window's maxTimestamp).
   */
  @Test
  void countTriggerFiresEveryNElements() throws Exception {
    try (var h = WindowTestSupport.harness(s -> s.keyBy(Event::key).window(GlobalWindows.create())
        .trigger(CountTrigger.of(3)).reduce(WindowTestSupport::sum))) {
      for (long v = 1; v <= 7; v++) {
        h.processElement(e("a", v), v);
      }
      assertEquals(List.of("a:6@" + Long.MAX_VALUE, "a:21@" + Long.MAX_VALUE), take(h));
      assertEquals(0, WindowTestSupport.timers(h));
      assertEquals(1, WindowTestSupport.contentsEntries(h));
      assertEquals(1, h.keyedState().numEntries("count"), "the count (1) is per-window trigger state");
      h.processWatermark(Long.MAX_VALUE);
      assertEquals(List.of(), take(h), "the default of global windows: nothing fires at the end of input");
    }
  }

  /** PurgingTrigger(CountTrigger.of(3)): each firing empties the window: 1+2+3 = 6, 4+5+6 = 15, 7+8+9 = 24. */
  @Test
  void purgingTriggerEmptiesTheWindowOnEveryFiring() throws Exception {
    try (var h = WindowTestSupport.harness(s -> s.keyBy(Event::key).window(GlobalWindows.create())
        .trigger(PurgingTrigger.of(CountTrigger.of(3))).reduce(WindowTestSupport::sum))) {
      for (long v = 1; v <= 7; v++) {
        h.processElement(e("a", v), v);
      }
      assertEquals(List.of("a:6@" + Long.MAX_VALUE, "a:15@" + Long.MAX_VALUE), take(h));
      h.processElement(e("a", 8), 8);
      h.processElement(e("a", 9), 9);
      assertEquals(List.of("a:24@" + Long.MAX_VALUE), take(h));
      assertEquals(0, WindowTestSupport.contentsEntries(h), "purged");
    }
  }

  /**
   * Counts are per key and window. CountTrigger.of(2) on tumbling windows of 10 ms: a,1@1 and
   * a,4@4 fire a's [0,10); b's one element and a's [10,20) element never reach 2. The trigger
   * replaces the default one, so nothing fires when the windows end; the cleanup timers still
   * remove them.
   */
  @Test
  void countTriggerCountsPerKeyAndWindow() throws Exception {
    try (var h = WindowTestSupport.harness(s -> s.keyBy(Event::key)
        .window(TumblingEventTimeWindows.of(Duration.ofMillis(10))).trigger(CountTrigger.of(2))
        .process(new ListValues()))) {
      h.processElement(e("a", 1), 1);
      h.processElement(e("b", 2), 2);
      h.processElement(e("a", 3), 11); // another window of a
      assertEquals(List.of(), take(h));
      h.processElement(e("a", 4), 4);
      assertEquals(List.of("a [0,10) [1, 4]@9"), take(h));
      h.processWatermark(Long.MAX_VALUE);
      assertEquals(List.of(), take(h), "CountTrigger never fires on time");
      assertEquals(0, WindowTestSupport.contentsEntries(h), "but the cleanup timers still remove the windows");
      assertEquals(0, h.keyedState().numEntries("count"));
    }
  }

  /**
   * A custom trigger: fires early, once per window, on the first element with value >= 100
   * (remembered in per-window trigger state), and fires-and-purges at the window's end.
   * Tumbling 10 ms: a,1@1; a,100@2 fires early with 101; a,200@3 does not fire again (already
   * fired early); watermark 9 fires and purges with 301.
   */
  static final class EarlyOnBigValue extends Trigger<Event, TimeWindow> {
    private final ValueStateDescriptor<Boolean> firedEarly = new ValueStateDescriptor<>("fired-early", Boolean.class);

    @Override
    public TriggerResult onElement(Event element, long timestamp, TimeWindow window, TriggerContext ctx)
        throws Exception {
      ctx.registerEventTimeTimer(window.maxTimestamp());
      ValueState<Boolean> fired = ctx.getState(firedEarly);
      if (element.value() >= 100 && fired.value() == null) {
        fired.update(true);
        return TriggerResult.FIRE;
      }
      return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx) {
      return time == window.maxTimestamp() ? TriggerResult.FIRE_AND_PURGE : TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext ctx) {
      return TriggerResult.CONTINUE;
    }

    @Override
    public void clear(TimeWindow window, TriggerContext ctx) {
      ctx.deleteEventTimeTimer(window.maxTimestamp());
      ctx.getState(firedEarly).clear();
    }
  }

  @Test
  void customTriggerWithStateAndTimers() throws Exception {
    try (var h = WindowTestSupport.harness(s -> s.keyBy(Event::key)
        .window(TumblingEventTimeWindows.of(Duration.ofMillis(10))).trigger(new EarlyOnBigValue())
        .reduce(WindowTestSupport::sum))) {
      h.processElement(e("a", 1), 1);
      h.processElement(e("a", 100), 2);
      assertEquals(List.of("a:101@9"), take(h));
      h.processElement(e("a", 200), 3);
      assertEquals(List.of(), take(h));
      assertEquals(1, h.keyedState().numEntries("fired-early"));
      h.processWatermark(9);
      assertEquals(List.of("a:301@9"), take(h));
      assertEquals(0, WindowTestSupport.contentsEntries(h));
      assertEquals(0, h.keyedState().numEntries("fired-early"), "clear() ran at the window's cleanup");
      assertEquals(0, WindowTestSupport.timers(h));
    }
  }

  /**
   * Trigger state of merging windows is merged (CountTrigger: the counts add up). Sessions with
   * gap 10 and CountTrigger.of(3): a@0 -> [0,10) count 1; a@20 -> [20,30) count 1; a@10 ->
   * [10,20) touches both: one session [0,30) whose count is 1 + 1 merged, + 1 = 3 -> FIRE.
   */
  @Test
  void countTriggerStateMergesWithSessions() throws Exception {
    try (var h = WindowTestSupport.harness(s -> s.keyBy(Event::key)
        .window(EventTimeSessionWindows.withGap(Duration.ofMillis(10))).trigger(CountTrigger.of(3))
        .process(new ListValues()))) {
      h.processElement(e("a", 1), 0);
      h.processElement(e("a", 2), 20);
      assertEquals(List.of(), take(h));
      assertEquals(2, h.keyedState().numEntries("count"));
      h.processElement(e("a", 3), 10);
      List<String> out = take(h);
      assertEquals(1, out.size(), out.toString());
      assertEquals("a [0,30) [1, 2, 3]@29", sortValues(out.get(0)));
      assertEquals(0, h.keyedState().numEntries("count"), "merged away, then reset by the firing");
      assertEquals(1, h.numEventTimeTimers(), "only the merged session's cleanup timer");
      h.processWatermark(29);
      assertEquals(List.of(), take(h), "CountTrigger does not fire on time");
      assertEquals(0, WindowTestSupport.contentsEntries(h));
      assertEquals(0, h.keyedState().numEntries(io.weft.worker.operators.window.WindowOperator.MERGING_STATE));
    }
  }

  /** "a [0,30) [2, 1, 3]@29" with the values sorted: merged contents keep no particular order. */
  static String sortValues(String line) {
    int open = line.indexOf('[', line.indexOf(')'));
    int close = line.indexOf(']', open);
    List<Long> values = new java.util.ArrayList<>();
    for (String v : line.substring(open + 1, close).split(", ")) {
      values.add(Long.parseLong(v));
    }
    values.sort(null);
    return line.substring(0, open) + values + line.substring(close + 1);
  }
}
