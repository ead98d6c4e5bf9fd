package io.weft.worker.co;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.weft.api.datastream.OutputTag;
import io.weft.api.functions.Collector;
import io.weft.api.functions.co.CoProcessFunction;
import io.weft.api.functions.co.KeyedCoProcessFunction;
import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.worker.harness.OneInputOperatorHarness.Emitted;
import io.weft.worker.harness.TwoInputOperatorHarness;
import io.weft.worker.operators.co.CoProcessOperator;
import io.weft.worker.operators.co.KeyedCoProcessOperator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keyed co-process: state shared by both inputs per key, timers on both sides, watermark = min of both. */
class KeyedCoProcessOperatorTest {
  static final OutputTag<String> FIRED = new OutputTag<>("fired") {};

  /** Input 1 sets a key's "left", input 2 its "right"; each registers an event-time timer at ts + 10. */
  static final class Pairing extends KeyedCoProcessFunction<String, String, String, String> {
    private transient ValueState<String> left;
    private transient ValueState<String> right;

    @Override
    public void open() {
      left = getRuntimeContext().getState(new ValueStateDescriptor<>("left", String.class));
      right = getRuntimeContext().getState(new ValueStateDescriptor<>("right", String.class));
    }

    @Override
    public void processElement1(String value, Context<String> ctx, Collector<String> out) throws Exception {
      left.update(value);
      ctx.timerService().registerEventTimeTimer(ctx.timestamp() + 10);
      out.collect("1:" + value + " wm=" + ctx.timerService().currentWatermark());
    }

    @Override
    public void processElement2(String value, Context<String> ctx, Collector<String> out) throws Exception {
      right.update(value);
      ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + 5);
      out.collect("2:" + value);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext<String> ctx, Collector<String> out) throws Exception {
      out.collect(ctx.timeDomain() + "@" + timestamp + " " + ctx.getCurrentKey() + "=" + left.value() + "/"
          + right.value());
      ctx.output(FIRED, ctx.getCurrentKey());
    }
  }

  private static String key(String v) {
    return v.substring(0, 1);
  }

  @Test
  void bothInputsShareTheKeysStateAndTimersFireOnTheMinimumWatermark() throws Exception {
    try (TwoInputOperatorHarness<String, String, String> h = new TwoInputOperatorHarness<>(
        new KeyedCoProcessOperator<>(KeyedCoProcessOperatorTest::key, KeyedCoProcessOperatorTest::key,
            new Pairing()))) {
      h.open();
      h.processElement1("a1", 100);
      h.processElement2("a2", 50);
      h.processElement1("b1", 105);
      assertEquals(List.of(new Emitted<>("1:a1 wm=" + Long.MIN_VALUE, 100), new Emitted<>("2:a2", 50),
          new Emitted<>("1:b1 wm=" + Long.MIN_VALUE, 105)), h.outputRecords());
      h.clearOutput();

      // Input 1 far ahead, input 2 behind: event time is input 2's.
      h.processWatermark1(1_000);
      h.processWatermark2(109);
      assertEquals(List.of(), h.output(), "no timer is due at 109");
      assertEquals(List.of(109L), h.watermarks());
      h.processWatermark2(110);
      assertEquals(List.of(new Emitted<>("EVENT_TIME@110 a=a1/a2", 110)), h.outputRecords());
      assertEquals(List.of("a"), h.sideOutput(FIRED));
      h.clearOutput();

      h.setProcessingTime(5);
      assertEquals(List.of("PROCESSING_TIME@5 a=a1/a2"), h.output());
      assertEquals(Long.MIN_VALUE, h.outputRecords().get(0).timestamp(), "processing time gives no timestamp");
      h.clearOutput();

      assertEquals(1, h.numEventTimeTimers(), "b's timer at 115 is still pending");
      assertEquals("a1", h.valueState("a", new ValueStateDescriptor<>("left", String.class)));
      h.processBothWatermarks(Long.MAX_VALUE);
      assertEquals(List.of("EVENT_TIME@115 b=b1/null"), h.output());
      assertEquals(0, h.numEventTimeTimers());
    }
  }

  @Test
  void aNonKeyedCoProcessFunctionCannotSetTimersButSeesTheWatermark() throws Exception {
    CoProcessFunction<String, Integer, String> fn = new CoProcessFunction<>() {
      @Override
      public void processElement1(String value, Context ctx, Collector<String> out) {
        out.collect(value + "@" + ctx.timestamp() + " wm=" + ctx.timerService().currentWatermark());
      }

      @Override
      public void processElement2(Integer value, Context ctx, Collector<String> out) {
        ctx.timerService().registerEventTimeTimer(value);
      }
    };
    try (TwoInputOperatorHarness<String, Integer, String> h = new TwoInputOperatorHarness<>(new CoProcessOperator<>(fn))) {
      h.open();
      h.processWatermark1(7);
      h.processWatermark2(3);
      h.processElement1("x", 9);
      assertEquals(List.of(new Emitted<>("x@9 wm=3", 9)), h.outputRecords());
      UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> h.processElement2(1));
      assertEquals(true, e.getMessage().contains("keyed"), e.getMessage());
    }
  }
}
