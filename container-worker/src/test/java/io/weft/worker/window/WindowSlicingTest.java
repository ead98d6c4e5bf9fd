package io.weft.worker.window;

import static io.weft.worker.window.WindowTestSupport.e;
import static io.weft.worker.window.WindowTestSupport.takeSorted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.datastream.DataStream;
import io.weft.api.datastream.OutputTag;
import io.weft.api.datastream.SingleOutputStreamOperator;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.Collector;
import io.weft.api.source.FromElementsSource;
import io.weft.api.windowing.assigners.SlidingEventTimeWindows;
import io.weft.api.windowing.functions.ProcessWindowFunction;
import io.weft.api.windowing.windows.TimeWindow;
import io.weft.core.config.Configuration;
import io.weft.core.config.CoreOptions;
import io.weft.core.plan.OperatorSpec;
import io.weft.core.plan.Transformation.OperatorTransformation;
import io.weft.core.types.TypeInfo;
import io.weft.worker.harness.OneInputOperatorHarness;
import io.weft.worker.operators.window.WindowOperator;
import io.weft.worker.window.WindowTestSupport.CountEvents;
import io.weft.worker.window.WindowTestSupport.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Sliding windows kept as slices ({@code execution.window-slicing}) give exactly what the
 * per-window path gives (the path the Flink-equivalence tests hold to Flink 1.20): the same
 * operator is fed the same elements and watermarks with slicing off and on, and after every step
 * both emitted the same results, late side outputs and drop counts. The inputs are random but
 * seeded, with late elements, allowed lateness, elements and watermarks on slice edges, gcd
 * slices smaller than the slide, slides longer than the size, and offsets.
 */
public class WindowSlicingTest { // public: Total below must be reachable to be written
  private static final OutputTag<Event> LATE = new OutputTag<>("late");
  private static final String[] KEYS = {"a", "b", "c"};

  /** "key [start,end) result", with the window: the windows must match too, not only the values. */
  static final class Describe<T> extends ProcessWindowFunction<T, String, String, TimeWindow> {
    @Override
    public void process(String key, Context ctx, Iterable<T> elements, Collector<String> out) {
      out.collect(key + " " + WindowTestSupport.describe(ctx.window()) + " " + elements.iterator().next());
    }
  }

  private static OneInputOperatorHarness<Event, String> harness(boolean sliced,
      Function<DataStream<Event>, SingleOutputStreamOperator<String>> build) throws Exception {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(1);
    DataStream<Event> events = env.fromSource(new FromElementsSource<>(List.<Event>of()), "events");
    OperatorSpec spec = ((OperatorTransformation<?>) build.apply(events).getTransformation()).getSpec();
    Configuration conf = new Configuration();
    conf.set(CoreOptions.WINDOW_SLICING, sliced);
    return OneInputOperatorHarness.<Event, String>forSpec(spec).withConfiguration(conf)
        .withInputType(TypeInfo.of(Event.class)).open();
  }

  private static Function<DataStream<Event>, SingleOutputStreamOperator<String>> job(SlidingEventTimeWindows windows,
      long lateness, boolean aggregate) {
    return s -> {
      var w = s.keyBy(Event::key).window(windows).allowedLateness(Duration.ofMillis(lateness)).sideOutputLateData(LATE);
      return aggregate ? w.aggregate(new CountEvents(), new Describe<Long>())
          : w.reduce(WindowTestSupport::sum, new Describe<Event>());
    };
  }

  @ParameterizedTest(name = "size {0} slide {1} offset {2} lateness {3} aggregate {4}")
  @CsvSource({
      "10, 5, 0, 0, false", "10, 5, 0, 0, true", "10, 4, 0, 0, true", "10, 4, 0, 7, false", "9, 6, 0, 25, true",
      "9, 6, 2, 3, false", "12, 8, 3, 0, true", "6, 10, 0, 4, false", "6, 10, 7, 0, true", "30, 3, 0, 40, false"})
  void slicesFireExactlyWhatWindowsFire(long size, long slide, long offset, long lateness, boolean aggregate)
      throws Exception {
    SlidingEventTimeWindows windows = SlidingEventTimeWindows.of(Duration.ofMillis(size), Duration.ofMillis(slide),
        Duration.ofMillis(offset));
    for (int seed = 0; seed < 5; seed++) {
      Random random = new Random(seed * 31 + size * 7 + slide);
      try (var perWindow = harness(false, job(windows, lateness, aggregate));
          var sliced = harness(true, job(windows, lateness, aggregate))) {
        long watermark = -5;
        boolean slicesSeen = false;
        for (int step = 0; step < 400; step++) {
          String what;
          if (random.nextInt(6) == 0) {
            // Watermarks, often right on a slice's last millisecond (so on window ends too).
            long w = watermark + random.nextInt(8);
            if (random.nextBoolean()) {
              long g = gcd(size, slide);
              w = Math.floorDiv(w - offset + g, g) * g + offset - 1;
            }
            watermark = w;
            perWindow.processWatermark(w);
            sliced.processWatermark(w);
            what = "watermark " + w;
          } else {
            // Elements around the watermark: on time, within the lateness, and too late.
            long ts = watermark - lateness - 3 + random.nextInt((int) (size + lateness + 8));
            Event event = e(KEYS[random.nextInt(KEYS.length)], random.nextInt(100));
            perWindow.processElement(event, ts);
            sliced.processElement(event, ts);
            what = event + "@" + ts;
          }
          String at = "seed " + seed + " step " + step + " (" + what + ")";
          assertEquals(takeSorted(perWindow), takeSorted(sliced), at);
          assertEquals(perWindow.sideOutput(LATE), sliced.sideOutput(LATE), at);
          assertEquals(dropped(perWindow), dropped(sliced), at);
          slicesSeen |= sliced.keyedState().numEntries(WindowOperator.SLICES_STATE) > 0;
          assertEquals(0, sliced.keyedState().numEntries(WindowOperator.CONTENTS_STATE), "no per-window contents");
        }
        perWindow.processWatermark(Long.MAX_VALUE);
        sliced.processWatermark(Long.MAX_VALUE);
        assertEquals(takeSorted(perWindow), takeSorted(sliced), "at the end of event time");
        assertTrue(slicesSeen, "the sliced operator kept slices");
        assertEquals(0, sliced.keyedState().numEntries(WindowOperator.SLICES_STATE), "every slice went at cleanup");
        assertEquals(0, WindowTestSupport.timers(sliced), "no timer left");
      }
    }
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  private static long dropped(OneInputOperatorHarness<Event, ?> h) {
    return ((WindowOperator<?, ?, ?, ?>) h.operator()).lateRecordsDropped();
  }

  /**
   * By hand, 10 ms windows every 5 ms (slices of 5), lateness 5: an element on a slice's last
   * millisecond, the watermark at a window's end, and a late element that fires the window whose
   * end passed while the next window only sees it at its own end.
   */
  @Test
  void lateElementsUpdateTheirSliceAndFireTheWindowsWhoseEndPassed() throws Exception {
    var windows = SlidingEventTimeWindows.of(Duration.ofMillis(10), Duration.ofMillis(5));
    try (var h = harness(true, job(windows, 5, false))) {
      h.processElement(e("a", 1), 4); // slice [0,5): windows [-5,5) and [0,10)
      h.processElement(e("a", 2), 9); // slice [5,10): windows [0,10) and [5,15)
      h.processWatermark(4);
      assertEquals(List.of("a [-5,5) a:1@4"), takeSorted(h));
      h.processWatermark(9);
      assertEquals(List.of("a [0,10) a:3@9"), takeSorted(h));
      h.processElement(e("a", 10), 3); // [-5,5) is gone (cleanup 4 + 5 <= 9); [0,10) fires again at once
      assertEquals(List.of("a [0,10) a:13@9"), takeSorted(h));
      h.processWatermark(14);
      assertEquals(List.of("a [5,15) a:2@14"), takeSorted(h));
      assertEquals(1, h.keyedState().numEntries(WindowOperator.SLICES_STATE), "[0,5) went with [0,10) at 14");
      h.processWatermark(19);
      assertEquals(0, h.keyedState().numEntries(WindowOperator.SLICES_STATE));
      assertEquals(List.of(), takeSorted(h));
      assertEquals(0, WindowTestSupport.timers(h));
    }
  }

  /** A mutable accumulator: public, with public fields, so that Weft can write and copy it. */
  public static final class Total {
    public long sum;

    @Override
    public String toString() {
      return Long.toString(sum);
    }
  }

  /** Adds and merges in place, into its first argument, as Flink allows: a shared slice must not change. */
  public static final class InPlaceSum implements io.weft.api.functions.AggregateFunction<Event, Total, Total> {
    @Override
    public Total createAccumulator() {
      return new Total();
    }

    @Override
    public Total add(Event value, Total acc) {
      acc.sum += value.value();
      return acc;
    }

    @Override
    public Total getResult(Total acc) {
      return acc;
    }

    @Override
    public Total merge(Total a, Total b) {
      a.sum += b.sum;
      return a;
    }
  }

  /** Slices are combined from copies on the heap backend: windows sharing a slice see it unchanged. */
  @Test
  void aMergeThatChangesItsArgumentLeavesTheSlicesAlone() throws Exception {
    var windows = SlidingEventTimeWindows.of(Duration.ofMillis(10), Duration.ofMillis(2));
    Function<DataStream<Event>, SingleOutputStreamOperator<String>> job =
        s -> s.keyBy(Event::key).window(windows).allowedLateness(Duration.ofMillis(20))
            .aggregate(new InPlaceSum(), new Describe<Total>());
    try (var perWindow = harness(false, job); var sliced = harness(true, job)) {
      for (int i = 0; i < 60; i++) {
        perWindow.processElement(e("k", i), i);
        sliced.processElement(e("k", i), i);
        assertTrue(sliced.keyedState().numEntries(WindowOperator.SLICES_STATE) > 0, "the accumulator is sliced");
        if (i % 7 == 6) {
          perWindow.processWatermark(i - 2);
          sliced.processWatermark(i - 2);
          assertEquals(takeSorted(perWindow), takeSorted(sliced), "at " + i);
          // Late, within the lateness: fires again windows whose slices later firings merged.
          perWindow.processElement(e("k", 1000), i - 9);
          sliced.processElement(e("k", 1000), i - 9);
          assertEquals(takeSorted(perWindow), takeSorted(sliced), "late at " + i);
        }
      }
      perWindow.processWatermark(Long.MAX_VALUE);
      sliced.processWatermark(Long.MAX_VALUE);
      List<String> all = takeSorted(sliced);
      assertEquals(takeSorted(perWindow), all);
      assertTrue(all.contains("k [50,60) 545@59"), all.toString()); // 50 + ... + 59
    }
  }

  /** A window function that is not a reduce or an aggregate keeps the per-window path. */
  @Test
  void processWindowFunctionsKeepThePerWindowPath() throws Exception {
    var windows = SlidingEventTimeWindows.of(Duration.ofMillis(10), Duration.ofMillis(5));
    try (var h = harness(true, s -> s.keyBy(Event::key).window(windows).process(new WindowTestSupport.ListValues()))) {
      h.processElement(e("a", 1), 4);
      assertEquals(0, h.keyedState().numEntries(WindowOperator.SLICES_STATE));
      assertEquals(2, WindowTestSupport.contentsEntries(h));
      h.processWatermark(20);
      List<String> out = new ArrayList<>(takeSorted(h));
      assertEquals(List.of("a [-5,5) [1]@4", "a [0,10) [1]@9"), out);
    }
  }
}
