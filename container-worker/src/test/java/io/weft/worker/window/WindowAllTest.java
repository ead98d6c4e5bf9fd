package io.weft.worker.window;

import static io.weft.worker.window.WindowTestSupport.e;
import static io.weft.worker.window.WindowTestSupport.take;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.eventtime.WatermarkStrategy;
import io.weft.api.functions.AggregateFunction;
import io.weft.api.functions.Collector;
import io.weft.api.windowing.assigners.TumblingEventTimeWindows;
import io.weft.api.windowing.functions.ProcessAllWindowFunction;
import io.weft.api.windowing.windows.TimeWindow;
import io.weft.worker.harness.TestThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Windows over a whole (non-keyed) stream: one window per time range, whatever the elements' keys. */
@Timeout(60)
class WindowAllTest {

  static final class CountAll<T> implements AggregateFunction<T, Long, Long> {
    @Override
    public Long createAccumulator() {
      return 0L;
    }

    @Override
    public Long add(T value, Long acc) {
      return acc + 1;
    }

    @Override
    public Long getResult(Long acc) {
      return acc;
    }

    @Override
    public Long merge(Long a, Long b) {
      return a + b;
    }
  }

  static final class StartAndCount extends ProcessAllWindowFunction<Long, String, TimeWindow> {
    @Override
    public void process(Context ctx, Iterable<Long> counts, Collector<String> out) {
      out.collect(ctx.window().getStart() + ":" + counts.iterator().next());
    }
  }

  /** Elements of keys a and b in [0,10) form one window of all 3 elements. */
  @Test
  void oneWindowForAllElements() throws Exception {
    try (var h = WindowTestSupport.harness(s -> s.windowAll(TumblingEventTimeWindows.of(Duration.ofMillis(10)))
        .process(new ProcessAllWindowFunction<WindowTestSupport.Event, String, TimeWindow>() {
          @Override
          public void process(Context ctx, Iterable<WindowTestSupport.Event> elements, Collector<String> out) {
            List<String> all = new ArrayList<>();
            elements.forEach(ev -> all.add(ev.toString()));
            all.sort(null);
            out.collect(WindowTestSupport.describe(ctx.window()) + " " + all + " wm=" + ctx.currentWatermark());
          }
        }))) {
      h.processElement(e("a", 1), 1);
      h.processElement(e("b", 2), 2);
      h.processElement(e("a", 3), 3);
      h.processElement(e("b", 4), 14);
      h.processWatermark(9);
      assertEquals(List.of("[0,10) [a:1, a:3, b:2] wm=9@9"), take(h));
    }
  }

  /**
   * A local job: 0..9999 from 4 parallel source subtasks, timestamp = value, monotonous
   * watermarks per subtask (so none is late), windowAll of 1 s counted in one subtask: ten
   * windows [k*1000, (k+1)*1000) of 1000 elements each, fired by the end of input.
   */
  @Test
  void windowAllInALocalJob() throws Exception {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(4);
    List<String> out = env.fromSequence(0, 9_999)
        .assignTimestampsAndWatermarks(WatermarkStrategy.<Long>forMonotonousTimestamps().withTimestampAssigner((v, ts) -> v))
        .windowAll(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
        .aggregate(new CountAll<>(), new StartAndCount())
        .executeAndCollect("windowAll");
    List<String> expected = new ArrayList<>();
    for (int k = 0; k < 10; k++) {
      expected.add(k * 1000 + ":1000");
    }
    List<String> sorted = new ArrayList<>(out);
    sorted.sort((x, y) -> Long.compare(Long.parseLong(x.split(":")[0]), Long.parseLong(y.split(":")[0])));
    assertEquals(expected, sorted);
    TestThreads.assertNoRuntimeThreadsRemain();
  }
}
