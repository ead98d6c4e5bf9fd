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
