package io.weft.worker.co;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.datastream.DataStream;
import io.weft.api.environment.JobExecutionException;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.eventtime.WatermarkStrategy;
import io.weft.api.functions.Collector;
import io.weft.api.functions.co.CoFlatMapFunction;
import io.weft.api.functions.co.CoMapFunction;
import io.weft.api.functions.co.KeyedCoProcessFunction;
import io.weft.api.sink.CollectSink;
import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.api.tuple.Tuple2;
import io.weft.core.plan.JobGraph;
import io.weft.core.plan.JobVertex;
import io.weft.core.types.TypeHint;
import io.weft.core.types.Types;
import io.weft.worker.harness.TestThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** connect(...) in real local jobs: both inputs arrive, keyed state is shared, one input's end is not the end. */
@Timeout(60)
class ConnectedStreamsJobTest {

  @AfterEach
  void noThreadsLeft() {
    TestThreads.assertNoRuntimeThreadsRemain();
  }

  /** Numbers become "n<i>", words "w<word>". */
  static final class Tag implements CoMapFunction<Long, String, String> {
    @Override
    public String map1(Long value) {
      return "n" + value;
    }

    @Override
    public String map2(String value) {
      return "w" + value;
    }
  }

  /** Numbers pass, the word "bad" fails the second input's function. */
  static final class FailOnBad implements CoFlatMapFunction<Long, String, String> {
    @Override
    public void flatMap1(Long value, Collector<String> out) {
      out.collect("n" + value);
    }

    @Override
    public void flatMap2(String value, Collector<String> out) {
      if (value.equals("bad")) {
        throw new IllegalStateException("rule 'bad' is malformed");
      }
      out.collect(value);
    }
  }

  private static void coMapJob(StreamEnvironment env, CollectSink<String> sink) {
    DataStream<Long> numbers = env.fromSequence(1, 3_000);
    DataStream<String> words = env.fromElements("x", "y", "z").rebalance();
    numbers.connect(words).map(new Tag()).setParallelism(2)
        .map(String::toUpperCase).setParallelism(2) // chained to the co-map
        .sinkTo(sink);
  }

  @Test
  void aTwoInputNodeIsNotChainedToItsInputsButItsDownstreamIsChainedToIt() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    CollectSink<String> sink = new CollectSink<>();
    try {
      coMapJob(env, sink);
      JobGraph graph = env.buildJobGraph("co-map");
      JobVertex coMap = graph.vertices().stream().filter(v -> v.head().name().equals("Co-Map")).findFirst()
          .orElseThrow();
      assertEquals("Co-Map -> Map -> Sink: CollectSink", coMap.name(), "map and sink are chained to the co-map");
      assertEquals(2, coMap.inputs().size(), "a two-input node reads both edges");
      assertEquals(List.of(1, 2), coMap.inputs().stream().map(e -> e.inputSide()).sorted().toList());
    } finally {
      sink.discard();
    }
  }

  @Test
  void coMapReadsEveryElementOfBothInputsAtAnotherParallelism() throws Exception {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(3);
    CollectSink<String> sink = new CollectSink<>();
    try {
      coMapJob(env, sink);
      env.execute("co-map");
      List<String> expected = new ArrayList<>();
      for (long i = 1; i <= 3_000; i++) {
        expected.add("N" + i);
      }
      expected.addAll(List.of("WX", "WY", "WZ"));
      List<String> got = new ArrayList<>(sink.results());
      expected.sort(null);
      got.sort(null);
      assertEquals(expected, got);
    } finally {
      sink.discard();
    }
  }

  /** Tags each element with the input it came on. */
  static final class Sides implements CoMapFunction<Long, Long, String> {
    @Override
    public String map1(Long value) {
      return "1:" + value;
    }

    @Override
    public String map2(Long value) {
      return "2:" + value;
    }
  }

  @Test
  void aStreamConnectedWithItselfFeedsBothInputs() throws Exception {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    CollectSink<String> sink = new CollectSink<>();
    try {
      DataStream<Long> numbers = env.fromSequence(1, 500);
      numbers.connect(numbers).map(new Sides()).sinkTo(sink);
      env.execute("self-connect");
      List<String> expected = new ArrayList<>();
      for (long i = 1; i <= 500; i++) {
        expected.add("1:" + i);
        expected.add("2:" + i);
      }
      List<String> got = new ArrayList<>(sink.results());
      expected.sort(null);
      got.sort(null);
      assertEquals(expected, got);
    } finally {
      sink.discard();
    }
  }

  /** Sums each key's amounts (input 1) times its rate (input 2, the latest), once the input ended. */
  static final class RateTimesAmount extends KeyedCoProcessFunction<Long, Tuple2<Long, Long>, Tuple2<Long, Long>,
      String> {
    private transient ValueState<Long> amount;
    private transient ValueState<Long> rate;

    @Override
    public void open() {
      amount = getRuntimeContext().getState(new ValueStateDescriptor<>("amount", Long.class));
      rate = getRuntimeContext().getState(new ValueStateDescriptor<>("rate", Long.class));
    }

    @Override
    public void processElement1(Tuple2<Long, Long> value, Context<Long> ctx, Collector<String> out)
        throws Exception {
      amount.update((amount.value() == null ? 0 : amount.value()) + value.f1);
      ctx.timerService().registerEventTimeTimer(1_000_000);
    }

    @Override
    public void processElement2(Tuple2<Long, Long> value, Context<Long> ctx, Collector<String> out)
        throws Exception {
      rate.update(value.f1);
      ctx.timerService().registerEventTimeTimer(1_000_000);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext<Long> ctx, Collector<String> out) throws Exception {
      long a = amount.value() == null ? 0 : amount.value();
      long r = rate.value() == null ? 0 : rate.value();
      out.collect(ctx.getCurrentKey() + "=" + a * r);
    }
  }

  @Test
  void keyedCoProcessSharesEachKeysStateBetweenBothInputsAcrossSubtasks() throws Exception {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(4);
    CollectSink<String> sink = new CollectSink<>();
    try {
      TypeHint<Tuple2<Long, Long>> pair = new TypeHint<>() {};
      DataStream<Tuple2<Long, Long>> amounts = env.fromSequence(0, 9_999)
          .map(v -> Tuple2.of(v % 50, 1L)).returns(pair)
          .assignTimestampsAndWatermarks(WatermarkStrategy.<Tuple2<Long, Long>>forMonotonousTimestamps()
              .withTimestampAssigner((t, ts) -> 5));
      // A short input that ends long before the other: its end must not end the operator.
      DataStream<Tuple2<Long, Long>> rates = env.fromSequence(0, 49).map(k -> Tuple2.of(k, k + 1)).returns(pair)
          .setParallelism(1)
          .assignTimestampsAndWatermarks(WatermarkStrategy.<Tuple2<Long, Long>>forMonotonousTimestamps()
              .withTimestampAssigner((t, ts) -> 5)).setParallelism(1);
      amounts.connect(rates).keyBy(t -> t.f0, t -> t.f0, Types.LONG).process(new RateTimesAmount()).setParallelism(3)
          .sinkTo(sink);
      env.execute("keyed co-process");
      Map<Long, Long> got = new TreeMap<>();
      for (String s : sink.results()) {
        String[] kv = s.split("=");
        assertEquals(null, got.put(Long.parseLong(kv[0]), Long.parseLong(kv[1])), "one timer per key: " + s);
      }
      assertEquals(50, got.size());
      for (long k = 0; k < 50; k++) {
        assertEquals(200 * (k + 1), got.get(k), "key " + k);
      }
    } finally {
      sink.discard();
    }
  }

  /** Input 1's elements and input 2's pass through; input 1's multiples of 50 set an event-time timer. */
  static final class TimersOnFirst extends KeyedCoProcessFunction<Long, Long, Long, String> {
    @Override
    public void processElement1(Long value, Context<Long> ctx, Collector<String> out) {
      if (value % 50 == 0) {
        ctx.timerService().registerEventTimeTimer(ctx.timestamp());
      }
      out.collect("1:" + value);
    }

    @Override
    public void processElement2(Long value, Context<Long> ctx, Collector<String> out) {
      out.collect("2:" + value);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext<Long> ctx, Collector<String> out) {
      out.collect("timer@" + timestamp);
    }
  }

  @Test
  void anIdleInputDoesNotHoldTheOtherInputsEventTimeBack() throws Exception {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(1);
    CollectSink<String> sink = new CollectSink<>();
    try {
      // Input 1: 600 numbers over 3 s at event time v * 10. Input 2: one element, then nothing for
      // 5 s (idle after 100 ms), then one more: its watermark stays at -1 meanwhile.
      DataStream<Long> first = env.fromSource(new io.weft.api.source.GeneratorSource<>(i -> i, 600, 200), "first")
          .returns(Long.class)
          .assignTimestampsAndWatermarks(WatermarkStrategy.<Long>forMonotonousTimestamps()
              .withTimestampAssigner((v, ts) -> v * 10));
      DataStream<Long> second = env.fromSource(new io.weft.api.source.GeneratorSource<>(i -> i, 2, 0.2), "second")
          .returns(Long.class)
          .assignTimestampsAndWatermarks(WatermarkStrategy.<Long>forMonotonousTimestamps()
              .withTimestampAssigner((v, ts) -> 0L).withIdleness(java.time.Duration.ofMillis(100)));
      first.connect(second).keyBy(v -> 0L, v -> 0L, Types.LONG).process(new TimersOnFirst()).sinkTo(sink);
      env.execute("idle input");
      List<String> out = sink.results();
      int timer = out.indexOf("timer@500");
      int lastOfFirst = out.indexOf("1:599");
      int secondOfSecond = out.indexOf("2:1");
      assertTrue(timer >= 0 && lastOfFirst >= 0 && secondOfSecond >= 0, out.toString());
      assertTrue(timer < lastOfFirst, "input 1's event time advanced while input 2 was idle: timer@500 at " + timer
          + ", input 1's last element at " + lastOfFirst);
      assertTrue(out.indexOf("timer@0") < out.indexOf("timer@500"), "timers fire in order");
      assertEquals(12, out.stream().filter(x -> x.startsWith("timer@")).count(), "every timer fired once");
    } finally {
      sink.discard();
    }
  }

  @Test
  void aFailureInTheSecondInputsFunctionNamesOperatorSubtaskAndInput() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    env.fromSequence(1, 100).connect(env.fromElements("ok", "bad"))
        .flatMap(new FailOnBad()).name("enrich")
        .print();
    JobExecutionException e = assertThrows(JobExecutionException.class, () -> env.execute("failing side"));
    String message = String.valueOf(e.getMessage()) + " " + e.getCause();
    assertTrue(message.contains("'enrich'") && message.contains("input 2") && message.contains("rule 'bad'")
        && message.matches("(?s).*\\([12]/2\\).*"), message);
  }
}
