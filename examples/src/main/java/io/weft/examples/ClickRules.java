package io.weft.examples;

import io.weft.api.datastream.BroadcastStream;
import io.weft.api.datastream.DataStream;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.eventtime.WatermarkStrategy;
import io.weft.api.functions.Collector;
import io.weft.api.functions.co.KeyedBroadcastProcessFunction;
import io.weft.api.source.GeneratorSource;
import io.weft.api.state.MapStateDescriptor;
import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.core.types.TypeInfo;
import io.weft.examples.WindowedClicks.Click;
import java.time.Duration;

/**
 * Clicks enriched with a broadcast stream of rules: each rule sets a page's alert threshold, and
 * every subtask keeps all rules in broadcast state. Per page (keyed state) the job counts clicks
 * and emits {@code ALERT<TAB>page<TAB>count<TAB>threshold} whenever the count reaches a multiple
 * of the page's current threshold (100 until a rule says otherwise); a new rule reports the
 * count of every page this subtask holds ({@code RULE<TAB>page<TAB>threshold<TAB>page<TAB>count},
 * through {@code applyToKeyedState}); at the end of input every page emits
 * {@code TOTAL<TAB>page<TAB>count}.
 *
 * <p>Usage: {@code ClickRules [--events N] [--rate perSecond] [--output <dir>]}, events and rate as
 * in {@link WindowedClicks}; one rule per 1000 clicks.
 */
public final class ClickRules {
  /** Alert on a page every {@code threshold} clicks. */
  public record Rule(String page, long threshold) {}

  static final MapStateDescriptor<String, Long> THRESHOLDS =
      new MapStateDescriptor<>("thresholds", String.class, Long.class);
  static final long DEFAULT_THRESHOLD = 100;

  private ClickRules() {}

  /** Rule i: page i mod 6 alerts every 50, 75, ... 150 clicks. */
  public static Rule rule(long i) {
    return new Rule(WindowedClicks.PAGES[(int) (i % WindowedClicks.PAGES.length)], 50 + 25 * (i % 5));
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
            .withTimestampAssigner((click, ts) -> click.timestamp()));
    long rules = events < 0 ? Long.MAX_VALUE : Math.max(1, events / 1000);
    BroadcastStream<Rule> ruleStream = env.fromSource(new GeneratorSource<>(ClickRules::rule, rules, rate / 1000.0),
        "Rules", TypeInfo.of(Rule.class)).setParallelism(1).broadcast(THRESHOLDS);
    DataStream<String> lines = clicks.keyBy(Click::page, TypeInfo.of(String.class)).connect(ruleStream)
        .process(new CountAgainstRules()).returns(String.class).name("Clicks against rules");
    if (output != null) {
      lines.writeAsText(output);
    } else {
      lines.print();
    }
    env.execute("ClickRules");
  }

  /** Counts each page's clicks and alerts by the page's rule from the broadcast state. */
  public static final class CountAgainstRules extends KeyedBroadcastProcessFunction<String, Click, Rule, String> {
    private static final long serialVersionUID = 1L;
    static final ValueStateDescriptor<Long> COUNT = new ValueStateDescriptor<>("count", Long.class);
    private transient ValueState<Long> count;

    @Override
    public void open() {
      count = getRuntimeContext().getState(COUNT);
    }

    @Override
    public void processElement(Click click, ReadOnlyContext<String> ctx, Collector<String> out) throws Exception {
      long n = (count.value() == null ? 0 : count.value()) + 1;
      count.update(n);
      Long threshold = ctx.getBroadcastState(THRESHOLDS).get(click.page());
      long t = threshold == null ? DEFAULT_THRESHOLD : threshold;
      if (n % t == 0) {
        out.collect("ALERT\t" + click.page() + "\t" + n + "\t" + t);
      }
      // Fires once event time ends: the page's total.
      ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE - 1);
    }

    @Override
    public void processBroadcastElement(Rule rule, KeyedContext<String> ctx, Collector<String> out)
        throws Exception {
      ctx.getBroadcastState(THRESHOLDS).put(rule.page(), rule.threshold());
      ctx.<ValueState<Long>>applyToKeyedState(COUNT, (page, state) ->
          out.collect("RULE\t" + rule.page() + "\t" + rule.threshold() + "\t" + page + "\t" + state.value()));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext<String> ctx, Collector<String> out) throws Exception {
      out.collect("TOTAL\t" + ctx.getCurrentKey() + "\t" + count.value());
    }
  }
}
