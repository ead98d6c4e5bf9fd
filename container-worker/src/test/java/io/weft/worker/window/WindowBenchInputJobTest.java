package io.weft.worker.window;

import io.weft.core.types.Types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.eventtime.WatermarkStrategy;
import io.weft.api.functions.AggregateFunction;
import io.weft.api.functions.Collector;
import io.weft.api.source.GeneratorSource;
import io.weft.api.tuple.Tuple3;
import io.weft.api.windowing.assigners.SlidingEventTimeWindows;
import io.weft.api.windowing.assigners.TumblingEventTimeWindows;
import io.weft.api.windowing.assigners.WindowAssigner;
import io.weft.api.windowing.functions.ProcessWindowFunction;
import io.weft.api.windowing.windows.TimeWindow;
import io.weft.worker.harness.TestThreads;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The benchmark jobs J2 and J3 of ../shared/anchors/flink-bench (bounded out-of-orderness 500 ms,
 * keyBy, count per 1 s tumbling or 10 s / 1 s sliding event-time window) as real local jobs on
 * the anchor's input, checked against an independent computation over the same input.
 *
 * <p>Why the expectation is exact, with no element late: record i has event time
 * floor(i/100) - d with 0 <= d <= 499. A source subtask emits increasing i, so when it emits i
 * every earlier element j of that subtask had time <= floor(j/100) <= floor(i/100), and the
 * subtask's watermark (max time seen - 500 - 1) is at most floor(i/100) - 501 < time(i). The
 * window operator's watermark is the minimum over the channels, so no higher; every window of
 * record i ends at or after time(i), above the watermark: not late. So the output is one record
 * per distinct (key, window) of the input, with the number of its records.
 */
@Timeout(120)
class WindowBenchInputJobTest {
  private static final long N = 200_000;

  static long mix(long i) {
    long z = i * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L;
    return z ^ (z >>> 29);
  }

  /** The anchor's record i: (key, event time, value). */
  static Tuple3<Long, Long, Long> record(long i) {
    long m = mix(i) & Long.MAX_VALUE;
    return Tuple3.of(m % 10_000, i / 100 - m % 500, i);
  }

  static final class Count implements AggregateFunction<Tuple3<Long, Long, Long>, Long, Long> {
    @Override
    public Long createAccumulator() {
      return 0L;
    }

    @Override
    public Long add(Tuple3<Long, Long, Long> value, Long acc) {
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

  /** (key, window start, count). */
  static final class KeyWindowCount extends ProcessWindowFunction<Long, Tuple3<Long, Long, Long>, Long, TimeWindow> {
    @Override
    public void process(Long key, Context ctx, Iterable<Long> counts, Collector<Tuple3<Long, Long, Long>> out) {
      out.collect(Tuple3.of(key, ctx.window().getStart(), counts.iterator().next()));
    }
  }

  private static Map<String, Long> run(WindowAssigner<Object, TimeWindow> windows) throws Exception {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(4);
    List<Tuple3<Long, Long, Long>> out = env.fromSource(new GeneratorSource<>(WindowBenchInputJobTest::record, N),
            "generator", Types.TUPLE(Types.LONG, Types.LONG, Types.LONG))
        .assignTimestampsAndWatermarks(WatermarkStrategy.<Tuple3<Long, Long, Long>>forBoundedOutOfOrderness(
            Duration.ofMillis(500)).withTimestampAssigner((e, ts) -> e.f1))
        .keyBy(e -> e.f0)
        .window(windows)
        .aggregate(new Count(), new KeyWindowCount()).setParallelism(3)
        .executeAndCollect("bench input");
    Map<String, Long> actual = new HashMap<>();
    for (Tuple3<Long, Long, Long> t : out) {
      assertNull(actual.put(t.f0 + "@" + t.f1, t.f2), "window " + t.f0 + "@" + t.f1 + " emitted twice");
    }
    TestThreads.assertNoRuntimeThreadsRemain();
    return actual;
  }

  @Test
  void j2TumblingOneSecondCountsEveryKeyAndWindow() throws Exception {
    Map<String, Long> expected = new HashMap<>();
    for (long i = 0; i < N; i++) {
      Tuple3<Long, Long, Long> r = record(i);
      long start = Math.floorDiv(r.f1, 1000) * 1000; // some times are negative: floor, not truncation
      expected.merge(r.f0 + "@" + start, 1L, Long::sum);
    }
    Map<String, Long> actual = run(TumblingEventTimeWindows.of(Duration.ofSeconds(1)));
    assertEquals(expected.size(), actual.size(), "one output per distinct (key, window)");
    assertEquals(expected, actual);
  }

  @Test
  void j3SlidingTenByOneSecondCountsEveryKeyAndWindow() throws Exception {
    Map<String, Long> expected = new HashMap<>();
    for (long i = 0; i < N; i++) {
      Tuple3<Long, Long, Long> r = record(i);
      long lastStart = Math.floorDiv(r.f1, 1000) * 1000;
      for (int k = 0; k < 10; k++) { // the 10 windows [s, s + 10 s) with s on the 1 s grid, s <= t < s + 10 s
        expected.merge(r.f0 + "@" + (lastStart - k * 1000L), 1L, Long::sum);
      }
    }
    Map<String, Long> actual = run(SlidingEventTimeWindows.of(Duration.ofSeconds(10), Duration.ofSeconds(1)));
    assertEquals(expected.size(), actual.size(), "one output per distinct (key, window)");
    assertEquals(expected, actual);
  }
}
