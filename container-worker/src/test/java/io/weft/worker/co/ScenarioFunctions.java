package io.weft.worker.co;

import io.weft.api.datastream.OutputTag;
import io.weft.api.functions.Collector;
import io.weft.api.functions.co.BroadcastProcessFunction;
import io.weft.api.functions.co.CoFlatMapFunction;
import io.weft.api.functions.co.CoMapFunction;
import io.weft.api.functions.co.KeyedBroadcastProcessFunction;
import io.weft.api.functions.co.CoProcessFunction;
import io.weft.api.functions.co.KeyedCoProcessFunction;
import io.weft.api.functions.co.ProcessJoinFunction;
import io.weft.api.state.MapStateDescriptor;
import io.weft.api.state.ReadOnlyBroadcastState;
import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The user functions of the scenario scripts, on Weft's API: the same as Flink's side in
 * scripts/bench/flink-two-input/src/main/java/bench/ScenarioFunctions.java, which computed the
 * expected outputs.
 */
final class ScenarioFunctions {
  static final OutputTag<String> LEFT_LATE = new OutputTag<>("left-late") {};
  static final OutputTag<String> RIGHT_LATE = new OutputTag<>("right-late") {};
  static final OutputTag<String> SIDE = new OutputTag<>("side") {};

  private ScenarioFunctions() {}

  static String key(String value) {
    return value.substring(0, value.indexOf(':'));
  }

  /** Emits each pair with the timestamps the context gives. */
  static final class JoinPairs extends ProcessJoinFunction<String, String, String> {
    @Override
    public void processElement(String left, String right, Context ctx, Collector<String> out) {
      out.collect(left + "," + right + " l=" + ctx.getLeftTimestamp() + " r=" + ctx.getRightTimestamp() + " t="
          + ctx.getTimestamp());
    }
  }

  /**
   * Input 1 sets the key's "left" and an event-time timer 10 after the element; input 2 sets its
   * "right" and a processing-time timer 5 after now; a value ending in '!' deletes the event-time
   * timer at its ts + 10. Timers emit the key's state and a side output.
   */
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
      if (value.endsWith("!")) {
        ctx.timerService().deleteEventTimeTimer(ctx.timestamp() + 10);
      }
      ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + 5);
      out.collect("2:" + value + " key=" + ctx.getCurrentKey());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext<String> ctx, Collector<String> out) throws Exception {
      out.collect(ctx.timeDomain() + "@" + timestamp + " " + ctx.getCurrentKey() + "=" + left.value() + "/"
          + right.value() + " ts=" + ctx.timestamp());
      ctx.output(SIDE, "fired " + ctx.getCurrentKey() + "@" + timestamp);
    }
  }

  /** Input 1: the element with its timestamp and the watermark; input 2: a side output. */
  static final class Stamping extends CoProcessFunction<String, String, String> {
    @Override
    public void processElement1(String value, Context ctx, Collector<String> out) {
      out.collect(value + " ts=" + ctx.timestamp() + " wm=" + ctx.timerService().currentWatermark());
    }

    @Override
    public void processElement2(String value, Context ctx, Collector<String> out) {
      ctx.output(SIDE, "2:" + value + " ts=" + ctx.timestamp());
      out.collect("2:" + value);
    }
  }

  /** Each element with the input it came on. */
  static final class Tagging implements CoMapFunction<String, String, String> {
    @Override
    public String map1(String value) {
      return "1:" + value;
    }

    @Override
    public String map2(String value) {
      return "2:" + value;
    }
  }

  /** Input 1's elements twice, input 2's once with a prefix. */
  static final class Doubling implements CoFlatMapFunction<String, String, String> {
    @Override
    public void flatMap1(String value, Collector<String> out) {
      out.collect(value);
      out.collect(value + "'");
    }

    @Override
    public void flatMap2(String value, Collector<String> out) {
      out.collect("2:" + value);
    }
  }

  static final MapStateDescriptor<String, String> RULES =
      new MapStateDescriptor<>("rules", String.class, String.class);

  static String describe(ReadOnlyBroadcastState<String, String> rules) throws Exception {
    List<String> all = new ArrayList<>();
    for (Map.Entry<String, String> e : rules.immutableEntries()) {
      all.add(e.getKey() + "=" + e.getValue());
    }
    all.sort(null);
    return all.toString();
  }

  /**
   * Broadcast elements "k:rule" set key k's rule ("k:-" removes it); other elements read their
   * key's rule and all rules.
   */
  static final class Rules extends BroadcastProcessFunction<String, String, String> {
    @Override
    public void processElement(String value, ReadOnlyContext ctx, Collector<String> out) throws Exception {
      ReadOnlyBroadcastState<String, String> rules = ctx.getBroadcastState(RULES);
      out.collect(value + " rule=" + rules.get(key(value)) + " all=" + describe(rules) + " wm="
          + ctx.currentWatermark());
    }

    @Override
    public void processBroadcastElement(String value, Context ctx, Collector<String> out) throws Exception {
      String k = key(value);
      if (value.endsWith(":-")) {
        ctx.getBroadcastState(RULES).remove(k);
      } else {
        ctx.getBroadcastState(RULES).put(k, value);
      }
      ctx.output(SIDE, "rule " + value);
    }
  }

  /**
   * Keyed side: counts elements per key, emits with the key's rule, and sets an event-time timer 5
   * after the element. Broadcast side: as {@link Rules}, then visits every key's count.
   */
  static final class KeyedRules extends KeyedBroadcastProcessFunction<String, String, String, String> {
    static final ValueStateDescriptor<Integer> COUNT = new ValueStateDescriptor<>("count", Integer.class);

    @Override
    public void processElement(String value, ReadOnlyContext<String> ctx, Collector<String> out) throws Exception {
      ValueState<Integer> count = getRuntimeContext().getState(COUNT);
      count.update(count.value() == null ? 1 : count.value() + 1);
      ctx.timerService().registerEventTimeTimer(ctx.timestamp() + 5);
      out.collect(value + " n=" + count.value() + " rule=" + ctx.getBroadcastState(RULES).get(ctx.getCurrentKey()));
    }

    @Override
    public void processBroadcastElement(String value, KeyedContext<String> ctx, Collector<String> out)
        throws Exception {
      String k = key(value);
      if (value.endsWith(":-")) {
        ctx.getBroadcastState(RULES).remove(k);
      } else {
        ctx.getBroadcastState(RULES).put(k, value);
      }
      ctx.<ValueState<Integer>>applyToKeyedState(COUNT, (key, state) -> out.collect("visit " + key + "="
          + state.value() + " after " + value));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext<String> ctx, Collector<String> out) throws Exception {
      out.collect("timer@" + timestamp + " ts=" + ctx.timestamp() + " " + ctx.getCurrentKey() + " n=" + getRuntimeContext().getState(COUNT).value()
          + " all=" + describe(ctx.getBroadcastState(RULES)));
      ctx.output(SIDE, "fired " + ctx.getCurrentKey() + "@" + timestamp);
    }
  }
}
