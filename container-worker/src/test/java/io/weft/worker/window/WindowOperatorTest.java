package io.weft.worker.window;

import static io.weft.worker.window.WindowTestSupport.e;
import static io.weft.worker.window.WindowTestSupport.takeSorted;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.api.datastream.OutputTag;
import io.weft.api.functions.AggregateFunction;
import io.weft.api.functions.Collector;
import io.weft.api.windowing.assigners.TumblingEventTimeWindows;
import io.weft.api.windowing.functions.ProcessWindowFunction;
import io.weft.api.windowing.windows.TimeWindow;
import io.weft.dataplane.element.Watermark;
import io.weft.worker.harness.OneInputOperatorHarness;
import io.weft.worker.window.WindowTestSupport.Event;
import io.weft.worker.window.WindowTestSupport.ListValues;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The window functions on tumbling event-time windows of 10 ms. Input (key, value @ time):
 * a,1@0  a,2@5  b,10@3  a,4@12. Windows [0,10) (maxTimestamp 9) hold a:{1,2} and b:{10}, and
 * [10,20) (maxTimestamp 19) holds a:{4}. Watermark 8 fires nothing; 9 fires [0,10) of both keys;
 * 19 fires [10,20). Every result carries its window's maxTimestamp.
 */
class WindowOperatorTest {
  private static final TumblingEventTimeWindows TEN_MS = TumblingEventTimeWindows.of(Duration.ofMillis(10));

  private static <R> void feed(OneInputOperatorHarness<Event, R> h) throws Exception {
    h.processElement(e("a", 1), 0);
    h.processElement(e("a", 2), 5);
    h.processElement(e("b", 10), 3);
    h.processElement(e("a", 4), 12);
  }

  /** Average of the values: accumulator {sum, count}. */
  static final class Average implements AggregateFunction<Event, long[], Double> {
    @Override
    public long[] createAccumulator() {
      return new long[2];
    }

    @Override
    public long[] add(Event value, long[] acc) {
      acc[0] += value.value();
      acc[1]++;
      return acc;
    }

    @Override
    public Double getResult(long[] acc) {
      return (double) acc[0] / acc[1];
    }

    @Override
    public long[] merge(long[] a, long[] b) {
      return new long[] {a[0] + b[0], a[1] + b[1]};
    }
  }

  /** Describes the single pre-aggregated value with its window and the watermark at firing. */
  static final class DescribeOne<V> extends ProcessWindowFunction<V, String, String, TimeWindow> {
    @Override
    public void process(String key, Context ctx, Iterable<V> elements, Collector<String> out) {
      int n = 0;
      V value = null;
      for (V v : elements) {
        value = v;
        n++;
      }
      out.collect(key + " " + WindowTestSupport.describe(ctx.window()) + " " + value + " n=" + n
          + " wm=" + ctx.currentWatermark());
    }
  }

  @Test
  void reduceEmitsTheReducedValuePerWindow() throws Exception {
    try (var h = WindowTestSupport.harness(s -> s.keyBy(Event::key).window(TEN_MS).reduce(WindowTestSupport::sum))) {
      feed(h);
      h.processWatermark(8);
      assertEquals(List.of(), takeSorted(h), "no window ends at 8");
      h.processWatermark(9);
      List<Object> events = h.events();
      assertEquals(new Watermark(9), events.get(events.size() - 1), "the watermark follows what it fired");
      assertEquals(List.of("a:3@9", "b:10@9"), takeSorted(h));
      h.processWatermark(19);
      assertEquals(List.of(19L), h.watermarks());
      assertEquals(List.of("a:4@19"), takeSorted(h));
      assertEquals(0, WindowTestSupport.contentsEntries(h), "lateness 0: state goes when the window fires");
      assertEquals(0, WindowTestSupport.timers(h));
    }
  }

  @Test
  void aggregateEmitsTheResultOfTheAccumulator() throws Exception {
    try (var h = WindowTestSupport.harness(s -> s.keyBy(Event::key).window(TEN_MS).aggregate(new Average()))) {
      feed(h);
      h.processWatermark(9);
      assertEquals(List.of("1.5@9", "10.0@9"), takeSorted(h));
      h.processWatermark(19);
      assertEquals(List.of("4.0@19"), takeSorted(h));
    }
  }

  @Test
  void processSeesAllElementsAndTheWindow() throws Exception {
    try (var h = WindowTestSupport.harness(s -> s.keyBy(Event::key).window(TEN_MS).process(new ListValues()))) {
      feed(h);
      h.processWatermark(9);
      assertEquals(List.of("a [0,10) [1, 2]@9", "b [0,10) [10]@9"), takeSorted(h));
      h.processWatermark(Long.MAX_VALUE); // the end of a bounded input fires what is left
      assertEquals(List.of("a [10,20) [4]@19"), takeSorted(h));
      assertEquals(0, WindowTestSupport.contentsEntries(h));
    }
  }

  @Test
  void reduceWithProcessFunctionSeesTheReducedValue() throws Exception {
    try (var h = WindowTestSupport.harness(s -> s.keyBy(Event::key).window(TEN_MS)
        .reduce(WindowTestSupport::sum, new DescribeOne<>()))) {
      feed(h);
      h.processWatermark(9);
      assertEquals(List.of("a [0,10) a:3 n=1 wm=9@9", "b [0,10) b:10 n=1 wm=9@9"), takeSorted(h));
    }
  }

  @Test
  void aggregateWithProcessFunctionSeesTheAggregatesResult() throws Exception {
    try (var h = WindowTestSupport.harness(s -> s.keyBy(Event::key).window(TEN_MS)
        .aggregate(new Average(), new DescribeOne<>()))) {
      feed(h);
      h.processWatermark(19);
      assertEquals(List.of("a [0,10) 1.5 n=1 wm=19@9", "a [10,20) 4.0 n=1 wm=19@19", "b [0,10) 10.0 n=1 wm=19@9"),
          takeSorted(h));
    }
  }

  @Test
  void processFunctionsCanEmitToSideOutputsWithTheWindowsTimestamp() throws Exception {
    OutputTag<String> sizes = new OutputTag<>("sizes");
    try (var h = WindowTestSupport.harness(s -> s.keyBy(Event::key).window(TEN_MS)
        .process(new ProcessWindowFunction<Event, Long, String, TimeWindow>() {
          @Override
          public void process(String key, Context ctx, Iterable<Event> elements, Collector<Long> out) {
            long n = 0;
            for (Event ignored : elements) {
              n++;
            }
            out.collect(n);
            ctx.output(sizes, key + " had " + n);
          }
        }))) {
      h.processElement(e("a", 1), 0);
      h.processElement(e("a", 2), 1);
      h.processWatermark(9);
      assertEquals(List.of(2L), h.output());
      var side = h.sideOutputRecords(sizes);
      assertEquals(1, side.size());
      assertEquals("a had 2", side.get(0).value());
      assertEquals(9, side.get(0).timestamp());
    }
  }
}
