package io.weft.worker.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.datastream.OutputTag;
import io.weft.api.functions.Collector;
import io.weft.api.functions.ProcessFunction;
import io.weft.core.plan.OperatorSpec;
import io.weft.dataplane.element.Watermark;
import io.weft.worker.harness.OneInputOperatorHarness;
import io.weft.worker.harness.OneInputOperatorHarness.Emitted;
import io.weft.worker.harness.OneInputOperatorHarness.SideEmitted;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Side outputs of {@link ProcessOperator} and the stateless operators, through the harness. */
class ProcessOperatorTest {
  static final OutputTag<Long> ODD = new OutputTag<>("odd");
  static final OutputTag<String> LOG = new OutputTag<>("log");

  /** Even numbers to the main output, odd ones to {@link #ODD}; every element also to {@link #LOG}. */
  static final class SplitOdd extends ProcessFunction<Long, Long> {
    @Override
    public void processElement(Long value, Context ctx, Collector<Long> out) {
      if (value % 2 == 0) {
        out.collect(value);
      } else {
        ctx.output(ODD, value);
      }
      ctx.output(LOG, "saw " + value + " at " + ctx.timestamp());
    }
  }

  @Test
  void oddNumbersGoToTheSideOutputWithTheirTimestamps() throws Exception {
    try (OneInputOperatorHarness<Long, Long> h = OneInputOperatorHarness.forProcess(new SplitOdd()).open()) {
      for (long i = 1; i <= 6; i++) {
        h.processElement(i, i * 10);
      }
      h.processElement(7L);
      h.processWatermark(60);

      assertEquals(List.of(2L, 4L, 6L), h.output());
      assertEquals(List.of(1L, 3L, 5L, 7L), h.sideOutput(ODD));
      assertEquals(List.of(new Emitted<>(2L, 20L), new Emitted<>(4L, 40L), new Emitted<>(6L, 60L)), h.outputRecords());
      assertEquals(new SideEmitted<>(ODD, 3L, 30L), h.sideOutputRecords(ODD).get(1));
      assertEquals("saw 7 at null", h.sideOutput(LOG).get(6));
      assertEquals(List.of(60L), h.watermarks());
      // Arrival order across the outputs: element 1 went to ODD, then LOG, then element 2 ...
      List<Object> events = h.events();
      assertEquals(new SideEmitted<>(ODD, 1L, 10L), events.get(0));
      assertEquals(new SideEmitted<>(LOG, "saw 1 at 10", 10L), events.get(1));
      assertEquals(new Emitted<>(2L, 20L), events.get(2));
      assertEquals(new Watermark(60), events.get(events.size() - 1));

      h.clearOutput();
      assertTrue(h.events().isEmpty());
    }
  }

  @Test
  void aProcessFunctionOnANonKeyedStreamHasNoTimers() throws Exception {
    ProcessFunction<Long, Long> f = new ProcessFunction<>() {
      @Override
      public void processElement(Long value, Context ctx, Collector<Long> out) {
        ctx.timerService().registerEventTimeTimer(5);
      }
    };
    try (OneInputOperatorHarness<Long, Long> h = OneInputOperatorHarness.forProcess(f).open()) {
      UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> h.processElement(1L));
      assertTrue(e.getMessage().contains("keyBy"), e.getMessage());
    }
  }

  @Test
  void statelessOperatorsKeepTimestampsAndPassWatermarksOn() throws Exception {
    try (OneInputOperatorHarness<Long, String> map = OneInputOperatorHarness
        .<Long, String>forSpec(new OperatorSpec.MapSpec<Long, String>(x -> "v" + x)).open()) {
      map.processElement(1L, 100L);
      map.processWatermark(100);
      map.processElement(2L);
      assertEquals(List.of(new Emitted<>("v1", 100L), new Emitted<>("v2", Long.MIN_VALUE)), map.outputRecords());
      assertEquals(new Watermark(100), map.events().get(1));
    }
    try (OneInputOperatorHarness<Long, Long> filter = OneInputOperatorHarness
        .<Long, Long>forSpec(new OperatorSpec.FilterSpec<Long>(x -> x > 1)).open()) {
      filter.processElement(1L, 1L);
      filter.processElement(2L, 2L);
      assertEquals(List.of(new Emitted<>(2L, 2L)), filter.outputRecords());
    }
    try (OneInputOperatorHarness<String, String> flatMap = OneInputOperatorHarness
        .<String, String>forSpec(new OperatorSpec.FlatMapSpec<String, String>((String s, Collector<String> out) -> {
          for (String w : s.split(" ")) {
            out.collect(w);
          }
        })).open()) {
      flatMap.processElement("a b c", 7L);
      assertEquals(List.of(new Emitted<>("a", 7L), new Emitted<>("b", 7L), new Emitted<>("c", 7L)),
          flatMap.outputRecords());
    }
  }
}
