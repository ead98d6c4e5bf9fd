package io.weft.examples;

import io.weft.api.datastream.DataStream;
import io.weft.api.datastream.OutputTag;
import io.weft.api.datastream.SingleOutputStreamOperator;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.eventtime.WatermarkStrategy;
import io.weft.api.functions.AggregateFunction;
import io.weft.api.functions.Collector;
import io.weft.api.source.GeneratorSource;
import io.weft.api.windowing.assigners.TumblingEventTimeWindows;
import io.weft.api.windowing.functions.ProcessWindowFunction;
import io.weft.api.windowing.windows.TimeWindow;
import io.weft.core.types.TypeInfo;
import java.time.Duration;

/**
 * Clicks per page per 10 s of event time, from generated click events that arrive out of order.
 *
 * <p>Watermarks allow 2 s of disorder; windows accept late clicks for 5 s more (each one fires
 * its window again with the updated count); clicks later than that go to a side output. Output
 * lines: {@code page<TAB>windowStart<TAB>windowEnd<TAB>count} per firing (the last one of a window
 * has its final count), and {@code LATE<TAB>page<TAB>user<TAB>timestamp} per dropped click.
 *
 * <p>Usage: {@code WindowedClicks [--events N] [--rate perSecond] [--output <dir>]}. Without
 * --events the source is unbounded and paced at 1000 clicks/s (run until cancelled); with it, N
 * clicks as fast as possible unless --rate is given. Without --output the lines are printed.
 */
public final class WindowedClicks {
  /** A click on a page by a user at an event time (epoch milliseconds). */
  public record Click(String page, String user, long timestamp) {}

  static final OutputTag<Click> LATE = new OutputTag<>("late-clicks");
  static final String[] PAGES = {"/", "/docs", "/download", "/blog", "/community", "/about"};
  /** Event time of click 0, on a 10 s boundary; click i happens i ms later (before its disorder). */
  static final long START = 1_700_000_000_000L;

  private WindowedClicks() {}

  /** SplitMix64's finaliser: spreads the index into well-mixed bits, the same on every run. */
  static long mix(long i) {
    long z = i * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L;
    return z ^ (z >>> 29);
  }

  /**
   * Click i: page and user from the index's hash; time START + i ms minus a delay: usually under
   * 2 s (within the watermark's bound), every 250th 3 to 7 s (late, mostly within the allowed
   * lateness), every 1000th 30 to 40 s (dropped once event time has moved on).
   */
  public static Click click(long i) {
    long h = mix(i) & Long.MAX_VALUE;
    long delay;
    if (i % 1000 == 500) {
      delay = 30_000 + (h >>> 32) % 10_000;
    } else if (i % 250 == 100) {
      delay = 3_000 + (h >>> 32) % 4_000;
    } else {
      delay = (h >>> 32) % 2_000;
    }
    return new Click(PAGES[(int) (h % PAGES.length)], "user-" + (h >>> 16) % 500, START + i - delay);
  }

  public static void main(String[] args) throws Exception {
    Args params = Args.parse(args);
    long events = params.optionalLong("events", -1);
    long rate = params.optionalLong("rate", events < 0 ? 1000 : 0);
    String output = params.optional("output", null);

    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    DataStream<Click> clicks = env.fromSource(
            new GeneratorSource<>(WindowedClicks::click, events < 0 ? Long.MAX_VALUE : events, rate), "Clicks",
            TypeInfo.of(Click.class))
        .assignTimestampsAndWatermarks(WatermarkStrategy.<Click>forBoundedOutOfOrderness(Duration.ofSeconds(2))
            .withTimestampAssigner((click, ts) -> click.timestamp()))
        .name("Click time");

    SingleOutputStreamOperator<String> counts = clicks
        .keyBy(Click::page)
        .window(TumblingEventTimeWindows.of(Duration.ofSeconds(10)))
        .allowedLateness(Duration.ofSeconds(5))
        .sideOutputLateData(LATE)
        .aggregate(new CountClicks(), new PageWindowLine())
        .name("Clicks per page");
    DataStream<String> late = counts.getSideOutput(LATE)
        .map(c -> "LATE\t" + c.page() + "\t" + c.user() + "\t" + c.timestamp()).name("Late clicks");

    DataStream<String> lines = counts.union(late);
    if (output != null) {
      lines.writeAsText(output);
    } else {
      lines.print();
    }
    env.execute("WindowedClicks");
  }

  /** Counts clicks; only a number per window and page is kept, not the clicks. */
  public static final class CountClicks implements AggregateFunction<Click, Long, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public Long createAccumulator() {
      return 0L;
    }

    @Override
    public Long add(Click value, Long count) {
      return count + 1;
    }

    @Override
    public Long getResult(Long count) {
      return count;
    }

    @Override
    public Long merge(Long a, Long b) {
      return a + b;
    }
  }

  /** Formats a window's count with its page and bounds. */
  public static final class PageWindowLine extends ProcessWindowFunction<Long, String, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    @Override
    public void process(String page, Context ctx, Iterable<Long> counts, Collector<String> out) {
      TimeWindow w = ctx.window();
      out.collect(page + "\t" + w.getStart() + "\t" + w.getEnd() + "\t" + counts.iterator().next());
    }
  }
}
