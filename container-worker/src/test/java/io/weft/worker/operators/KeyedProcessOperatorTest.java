package io.weft.worker.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.datastream.OutputTag;
import io.weft.api.functions.Collector;
import io.weft.api.functions.KeyedProcessFunction;
import io.weft.api.functions.KeyedProcessFunction.TimeDomain;
import io.weft.api.state.ListState;
import io.weft.api.state.ListStateDescriptor;
import io.weft.api.state.MapState;
import io.weft.api.state.MapStateDescriptor;
import io.weft.api.state.ReducingState;
import io.weft.api.state.ReducingStateDescriptor;
import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.api.tuple.Tuple2;
import io.weft.core.plan.OperatorSpec;
import io.weft.dataplane.element.StreamRecord;
import io.weft.dataplane.element.Watermark;
import io.weft.worker.harness.OneInputOperatorHarness;
import io.weft.worker.harness.OneInputOperatorHarness.Emitted;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Keyed state and timers of {@link KeyedProcessOperator}, driven through the operator harness. */
class KeyedProcessOperatorTest {

  private static final ValueStateDescriptor<Long> COUNT = new ValueStateDescriptor<>("count", Long.class);

  /** Counts the elements of each key in a ValueState and emits "key=count". */
  static final class CountPerKey extends KeyedProcessFunction<String, String, String> {
    private transient ValueState<Long> count;

    @Override
    public void open() {
      count = getRuntimeContext().getState(COUNT);
    }

    @Override
    public void processElement(String value, Context<String> ctx, Collector<String> out) throws Exception {
      Long c = count.value();
      long next = c == null ? 1 : c + 1;
      count.update(next);
      out.collect(ctx.getCurrentKey() + "=" + next);
    }
  }

  @Test
  void valueStateCountsPerKey() throws Exception {
    try (OneInputOperatorHarness<String, String> h =
        OneInputOperatorHarness.forKeyedProcess((String s) -> s, new CountPerKey()).open()) {
      for (String s : List.of("a", "b", "a", "a", "c", "b")) {
        h.processElement(s);
      }
      assertEquals(List.of("a=1", "b=1", "a=2", "a=3", "c=1", "b=2"), h.output());
      assertEquals(3L, h.valueState("a", COUNT));
      assertEquals(2L, h.valueState("b", COUNT));
      assertEquals(1L, h.valueState("c", COUNT));
      assertNull(h.valueState("never-seen", COUNT));
      assertEquals(3, h.keyedState().numEntries("count"));
    }
  }

  @Test
  void harnessBuildsTheOperatorFromItsSpec() throws Exception {
    OperatorSpec spec = new OperatorSpec.KeyedProcessSpec<String, String, String>(s -> s, new CountPerKey());
    try (OneInputOperatorHarness<String, String> h = OneInputOperatorHarness.<String, String>forSpec(spec).open()) {
      assertTrue(h.operator() instanceof KeyedProcessOperator);
      h.processElement("x", 5L);
      h.processElement("x", 7L);
      assertEquals(List.of(new Emitted<>("x=1", 5L), new Emitted<>("x=2", 7L)), h.outputRecords());
    }
  }

  /**
   * Per element "key:value": appends to a ListState, counts occurrences in a MapState, sums in a
   * ReducingState; "key:clear" clears all three; then emits a snapshot of the key's state.
   */
  static final class AllStates extends KeyedProcessFunction<String, String, String> {
    private transient ListState<Integer> list;
    private transient MapState<Integer, Integer> map;
    private transient ReducingState<Integer> sum;

    @Override
    public void open() {
      list = getRuntimeContext().getListState(new ListStateDescriptor<>("list", Integer.class));
      map = getRuntimeContext().getMapState(new MapStateDescriptor<>("map", Integer.class, Integer.class));
      sum = getRuntimeContext().getReducingState(new ReducingStateDescriptor<>("sum", Integer::sum, Integer.class));
    }

    @Override
    public void processElement(String value, Context<String> ctx, Collector<String> out) throws Exception {
      String v = value.split(":")[1];
      if (v.equals("clear")) {
        list.clear();
        map.clear();
        sum.clear();
      } else {
        int n = Integer.parseInt(v);
        list.add(n);
        Integer seen = map.get(n);
        map.put(n, seen == null ? 1 : seen + 1);
        sum.add(n);
      }
      List<Integer> l = new ArrayList<>();
      list.get().forEach(l::add);
      Map<Integer, Integer> m = new TreeMap<>();
      for (Map.Entry<Integer, Integer> e : map.entries()) {
        m.put(e.getKey(), e.getValue());
      }
      out.collect(ctx.getCurrentKey() + " list=" + l + " map=" + m + " sum=" + sum.get() + " empty=" + map.isEmpty());
    }
  }

  @Test
  void listMapAndReducingStateAreIsolatedPerKey() throws Exception {
    try (OneInputOperatorHarness<String, String> h =
        OneInputOperatorHarness.forKeyedProcess((String s) -> s.split(":")[0], new AllStates()).open()) {
      h.processElement("a:1");
      h.processElement("b:10");
      h.processElement("a:2");
      h.processElement("a:1");
      h.processElement("b:20");
      h.processElement("a:clear");
      h.processElement("b:10");
      h.processElement("a:5");
      assertEquals(List.of(
          "a list=[1] map={1=1} sum=1 empty=false",
          "b list=[10] map={10=1} sum=10 empty=false",
          "a list=[1, 2] map={1=1, 2=1} sum=3 empty=false",
          "a list=[1, 2, 1] map={1=2, 2=1} sum=4 empty=false",
          "b list=[10, 20] map={10=1, 20=1} sum=30 empty=false",
          "a list=[] map={} sum=null empty=true",
          "b list=[10, 20, 10] map={10=2, 20=1} sum=40 empty=false",
          "a list=[5] map={5=1} sum=5 empty=false"), h.output());
      // Clearing a's state left b's untouched, and removed a's old entries.
      assertEquals(2, h.keyedState().numEntries("list"));
      assertEquals(2, h.keyedState().numEntries("sum"));
    }
  }

  /**
   * "key@t" registers an event-time timer at t for the key, "key@-t" deletes it, "key#t" registers a
   * processing-time timer. The state counts the elements of the key; timers emit what they see.
   */
  static final class TimerFunction extends KeyedProcessFunction<String, String, String> {
    static final OutputTag<String> FIRED = new OutputTag<>("fired");
    private transient ValueState<Long> count;

    @Override
    public void open() {
      count = getRuntimeContext().getState(COUNT);
    }

    @Override
    public void processElement(String value, Context<String> ctx, Collector<String> out) throws Exception {
      Long c = count.value();
      count.update(c == null ? 1 : c + 1);
      if (value.contains("@-")) {
        ctx.timerService().deleteEventTimeTimer(Long.parseLong(value.substring(value.indexOf("@-") + 2)));
      } else if (value.contains("@")) {
        ctx.timerService().registerEventTimeTimer(Long.parseLong(value.substring(value.indexOf('@') + 1)));
      } else if (value.contains("#-")) {
        ctx.timerService().deleteProcessingTimeTimer(Long.parseLong(value.substring(value.indexOf("#-") + 2)));
      } else if (value.contains("#")) {
        ctx.timerService().registerProcessingTimeTimer(Long.parseLong(value.substring(value.indexOf('#') + 1)));
      }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext<String> ctx, Collector<String> out) throws Exception {
      String seen = ctx.timeDomain() + " " + ctx.getCurrentKey() + "@" + timestamp + " count=" + count.value()
          + " ts=" + ctx.timestamp() + " wm=" + ctx.timerService().currentWatermark()
          + " now=" + ctx.timerService().currentProcessingTime();
      out.collect(seen);
      ctx.output(FIRED, ctx.getCurrentKey());
    }
  }

  private static OneInputOperatorHarness<String, String> timerHarness() throws Exception {
    return OneInputOperatorHarness.forKeyedProcess((String s) -> s.substring(0, s.indexOf(s.contains("@") ? '@' : '#')),
        new TimerFunction()).open();
  }

  @Test
  void eventTimeTimersFireWhenTheWatermarkReachesThemInOrderWithTheirKey() throws Exception {
    try (OneInputOperatorHarness<String, String> h = timerHarness()) {
      h.processElement("a@100");
      h.processElement("b@50");
      h.processElement("c@150");
      h.processElement("a@120");
      h.processElement("a@70");
      assertEquals(5, h.numEventTimeTimers());

      h.processWatermark(49);
      assertTrue(h.output().isEmpty(), "no timer is due before the watermark reaches it: " + h.output());
      assertEquals(List.of(49L), h.watermarks());

      h.processWatermark(50);
      assertEquals(List.of("EVENT_TIME b@50 count=1 ts=50 wm=50 now=0"), h.output());
      assertEquals(4, h.numEventTimeTimers());

      h.clearOutput();
      h.processWatermark(149);
      // a's three timers and nothing of c's: in timestamp order, each with its key's state.
      assertEquals(List.of(
          "EVENT_TIME a@70 count=3 ts=70 wm=149 now=0",
          "EVENT_TIME a@100 count=3 ts=100 wm=149 now=0",
          "EVENT_TIME a@120 count=3 ts=120 wm=149 now=0"), h.output());
      assertEquals(List.of("a", "a", "a"), h.sideOutput(TimerFunction.FIRED));
      // The output of an event-time timer carries the timer's time.
      assertEquals(List.of(70L, 100L, 120L), h.outputRecords().stream().map(Emitted::timestamp).toList());
      // Timers fire before the watermark is passed on.
      Object last = h.events().get(h.events().size() - 1);
      assertEquals(new Watermark(149), last);
      assertEquals(1, h.numEventTimeTimers());

      h.clearOutput();
      h.processWatermark(Long.MAX_VALUE);
      assertEquals(List.of("EVENT_TIME c@150 count=1 ts=150 wm=" + Long.MAX_VALUE + " now=0"), h.output());
      assertEquals(0, h.numEventTimeTimers());
    }
  }

  @Test
  void aTimerRegisteredTwiceFiresOnceAndDeletedTimersDoNotFire() throws Exception {
    try (OneInputOperatorHarness<String, String> h = timerHarness()) {
      h.processElement("a@10");
      h.processElement("a@10");
      h.processElement("b@10");
      assertEquals(2, h.numEventTimeTimers(), "one timer per key and time");

      h.processElement("a@20");
      h.processElement("b@20");
      h.processElement("a@-20");
      h.processElement("b@-99"); // deleting a timer that does not exist is harmless
      assertEquals(3, h.numEventTimeTimers());

      h.processWatermark(100);
      List<String> fired = h.output();
      assertEquals(3, fired.size(), fired.toString());
      assertTrue(fired.get(0).startsWith("EVENT_TIME a@10 ") || fired.get(0).startsWith("EVENT_TIME b@10 "), fired.toString());
      assertTrue(fired.get(1).startsWith("EVENT_TIME a@10 ") || fired.get(1).startsWith("EVENT_TIME b@10 "), fired.toString());
      assertFalse(fired.get(0).equals(fired.get(1)));
      assertTrue(fired.get(2).startsWith("EVENT_TIME b@20 "), fired.toString());
      assertFalse(fired.stream().anyMatch(f -> f.startsWith("EVENT_TIME a@20")), "a deleted timer fired: " + fired);
      assertEquals(0, h.numEventTimeTimers());
    }
  }

  @Test
  void processingTimeTimersFireOnSetProcessingTime() throws Exception {
    try (OneInputOperatorHarness<String, String> h = timerHarness()) {
      h.processElement("a#300");
      h.processElement("b#100");
      h.processElement("c#200");
      h.processElement("c#200");
      h.processElement("d#250");
      h.processElement("d#-250");
      h.processElement("e@10"); // an event-time timer: processing time must not fire it
      assertEquals(3, h.numProcessingTimeTimers());

      h.setProcessingTime(99);
      assertTrue(h.output().isEmpty(), h.output().toString());

      h.setProcessingTime(100);
      // As in Flink: ctx.timestamp() and side outputs carry the timer's time, the main output none.
      assertEquals(List.of("PROCESSING_TIME b@100 count=1 ts=100 wm=" + Long.MIN_VALUE + " now=100"), h.output());
      assertEquals(StreamRecord.NO_TIMESTAMP, h.outputRecords().get(0).timestamp(),
          "processing-time timer output has no event time");
      assertEquals(100, h.sideOutputRecords(TimerFunction.FIRED).get(0).timestamp(),
          "a side output in onTimer carries the timer's time");

      h.clearOutput();
      h.setProcessingTime(1_000);
      assertEquals(List.of(
          "PROCESSING_TIME c@200 count=2 ts=200 wm=" + Long.MIN_VALUE + " now=1000",
          "PROCESSING_TIME a@300 count=1 ts=300 wm=" + Long.MIN_VALUE + " now=1000"), h.output());
      assertEquals(0, h.numProcessingTimeTimers());
      assertEquals(1, h.numEventTimeTimers(), "the event-time timer is still pending");
      assertEquals(1000, h.processingTime());
    }
  }

  /** Registers a processing-time timer 10 ms ahead from each timer, three times over. */
  static final class Repeating extends KeyedProcessFunction<String, String, Long> {
    @Override
    public void processElement(String value, Context<String> ctx, Collector<Long> out) {
      ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + 10);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext<String> ctx, Collector<Long> out) {
      assertEquals(TimeDomain.PROCESSING_TIME, ctx.timeDomain());
      out.collect(timestamp);
      if (timestamp < 30) {
        ctx.timerService().registerProcessingTimeTimer(timestamp + 10);
      }
    }
  }

  @Test
  void timersRegisteredFromATimerFireWhenDue() throws Exception {
    try (OneInputOperatorHarness<String, Long> h =
        OneInputOperatorHarness.forKeyedProcess((String s) -> s, new Repeating()).open()) {
      h.processElement("k");
      h.setProcessingTime(10);
      assertEquals(List.of(10L), h.output());
      h.setProcessingTime(25);
      assertEquals(List.of(10L, 20L), h.output());
      h.setProcessingTime(100);
      assertEquals(List.of(10L, 20L, 30L), h.output());
      assertEquals(0, h.numProcessingTimeTimers());
    }
  }

  /** Emits the current watermark as each element sees it. */
  static final class WatermarkProbe extends KeyedProcessFunction<String, String, Long> {
    @Override
    public void processElement(String value, Context<String> ctx, Collector<Long> out) {
      out.collect(ctx.timerService().currentWatermark());
    }
  }

  @Test
  void currentWatermarkStartsAtMinValueAndFollowsTheInput() throws Exception {
    try (OneInputOperatorHarness<String, Long> h =
        OneInputOperatorHarness.forKeyedProcess((String s) -> s, new WatermarkProbe()).open()) {
      h.processElement("x");
      h.processWatermark(42);
      h.processElement("y");
      assertEquals(List.of(Long.MIN_VALUE, 42L), h.output());
      assertEquals(List.of(42L), h.watermarks());
    }
  }

  @Test
  void keyedStateNeedsAKeyedOperator() throws Exception {
    // A non-keyed process function that asks for keyed state fails with a message naming its operator.
    io.weft.api.functions.ProcessFunction<String, String> f = new io.weft.api.functions.ProcessFunction<>() {
      @Override
      public void open() {
        getRuntimeContext().getState(COUNT);
      }

      @Override
      public void processElement(String value, Context ctx, Collector<String> out) {}
    };
    OneInputOperatorHarness<String, String> h = OneInputOperatorHarness.forProcess(f).withOperatorName("not-keyed");
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, h::open);
    assertTrue(e.getMessage().contains("'not-keyed'"), e.getMessage());
    h.close();
  }

  @Test
  void subtaskSettingsReachTheRuntimeContext() throws Exception {
    List<String> seen = new ArrayList<>();
    KeyedProcessFunction<Integer, Integer, String> f = new KeyedProcessFunction<>() {
      @Override
      public void processElement(Integer value, Context<Integer> ctx, Collector<String> out) {
        out.collect(getRuntimeContext().getIndexOfThisSubtask() + "/" + getRuntimeContext().getNumberOfParallelSubtasks()
            + "/" + getRuntimeContext().getMaxNumberOfParallelSubtasks());
      }
    };
    // Subtask 1 of 2 with 4 key groups owns key groups 2 and 3: find a key there.
    int key = 0;
    while (io.weft.core.plan.KeyGroups.subtaskForKey(key, 4, 2) != 1) {
      key++;
    }
    try (OneInputOperatorHarness<Integer, String> h = OneInputOperatorHarness.forKeyedProcess((Integer i) -> i, f)
        .withParallelism(2, 1).withMaxParallelism(4).open()) {
      h.processElement(key);
      seen.addAll(h.output());
    }
    assertEquals(List.of("1/2/4"), seen);
  }

  @Test
  void harnessReturnsTuplesUnchanged() throws Exception {
    KeyedProcessFunction<String, Tuple2<String, Integer>, Tuple2<String, Integer>> f = new KeyedProcessFunction<>() {
      @Override
      public void processElement(Tuple2<String, Integer> value, Context<String> ctx,
          Collector<Tuple2<String, Integer>> out) {
        out.collect(Tuple2.of(value.f0, value.f1 * 2));
      }
    };
    try (OneInputOperatorHarness<Tuple2<String, Integer>, Tuple2<String, Integer>> h =
        OneInputOperatorHarness.forKeyedProcess((Tuple2<String, Integer> t) -> t.f0, f).open()) {
      h.processElement(Tuple2.of("a", 1), 1L);
      h.processElement(Tuple2.of("b", 2), 2L);
      assertEquals(List.of(Tuple2.of("a", 2), Tuple2.of("b", 4)), h.output());
    }
  }
}
