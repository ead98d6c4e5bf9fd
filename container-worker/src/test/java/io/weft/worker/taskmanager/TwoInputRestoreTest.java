package io.weft.worker.taskmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.datastream.DataStream;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.eventtime.WatermarkStrategy;
import io.weft.api.functions.Collector;
import io.weft.api.functions.co.KeyedCoProcessFunction;
import io.weft.api.functions.co.ProcessJoinFunction;
import io.weft.api.source.GeneratorSource;
import io.weft.api.state.MapState;
import io.weft.api.state.MapStateDescriptor;
import io.weft.api.tuple.Tuple2;
import io.weft.api.tuple.Tuple4;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.plan.JobGraph;
import io.weft.core.types.TypeHint;
import io.weft.core.types.TypeInfo;
import io.weft.core.types.Types;
import io.weft.state.StateOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two-input keyed operators that fail mid-stream after a checkpoint and are restored from it at
 * another parallelism (2 to 3): keyed state, timers and interval-join buffers follow their key
 * groups, and the output equals what one run without failure gives, on both state backends.
 *
 * <p>Input 1: 0..N-1 at 2000/s, v at event time v * 10 ms; input 2: 0..N/2-1 at 1000/s, w at
 * event time w * 20 ms; both keyed by value % 7, watermarks 3 s behind.
 */
// A hang guard only: the waits inside are on conditions, generous for a loaded machine.
@Timeout(900)
class TwoInputRestoreTest {
  private static final int N = 6_000;
  private static final TypeInfo<Tuple2<Long, Long>> PAIR = TypeInfo.of(new TypeHint<Tuple2<Long, Long>>() {});
  private static final TypeInfo<Tuple4<Long, Long, Long, Long>> QUAD =
      TypeInfo.of(new TypeHint<Tuple4<Long, Long, Long, Long>>() {});

  @TempDir
  Path checkpointDir;

  private StreamEnvironment env(String backend) {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    env.getConfiguration().set(CheckpointOptions.DIRECTORY, checkpointDir.toUri().toString());
    env.getConfiguration().set(CheckpointOptions.INTERVAL, Duration.ofHours(1));
    env.getConfiguration().set(StateOptions.BACKEND, backend);
    return env;
  }

  /**
   * (v % 7, v) at event time v * step, {@code count} of them at {@code rate} per second; held in the
   * first attempt (a third of them per checkpoint) so that it is failed mid-stream.
   */
  private static DataStream<Tuple2<Long, Long>> input(StreamEnvironment env, String name, int count, int rate,
      long step) {
    return input(env, name, count, rate, step, count / 3);
  }

  /** As above, {@code held} of them per checkpoint in the first attempt. */
  private static DataStream<Tuple2<Long, Long>> input(StreamEnvironment env, String name, int count, int rate,
      long step, int held) {
    return env.fromSource(new FirstAttemptHeld<>(new GeneratorSource<>(i -> i, count, rate), held), name)
        .returns(Long.class).setParallelism(1)
        .assignTimestampsAndWatermarks(WatermarkStrategy.<Long>forBoundedOutOfOrderness(Duration.ofSeconds(3))
            .withTimestampAssigner((v, ts) -> v * step)).setParallelism(1)
        .map(v -> Tuple2.of(v % 7, v)).returns(PAIR).setParallelism(1);
  }

  /**
   * Per key and second of event time: the sum of input 1's values and the count of input 2's,
   * emitted by an event-time timer at the second's last millisecond, which removes them. (The
   * watermark lags 3 s, so several seconds are open at once.)
   */
  static final class PerSecond extends KeyedCoProcessFunction<Long, Tuple2<Long, Long>, Tuple2<Long, Long>,
      Tuple4<Long, Long, Long, Long>> {
    private transient MapState<Long, Long> sums;
    private transient MapState<Long, Long> counts;

    @Override
    public void open() {
      sums = getRuntimeContext().getMapState(new MapStateDescriptor<>("sums", Long.class, Long.class));
      counts = getRuntimeContext().getMapState(new MapStateDescriptor<>("counts", Long.class, Long.class));
    }

    private static void add(MapState<Long, Long> state, long second, long value) throws Exception {
      Long old = state.get(second);
      state.put(second, (old == null ? 0 : old) + value);
    }

    @Override
    public void processElement1(Tuple2<Long, Long> value, Context<Long> ctx,
        Collector<Tuple4<Long, Long, Long, Long>> out) throws Exception {
      add(sums, ctx.timestamp() / 1000, value.f1);
      ctx.timerService().registerEventTimeTimer(ctx.timestamp() / 1000 * 1000 + 999);
    }

    @Override
    public void processElement2(Tuple2<Long, Long> value, Context<Long> ctx,
        Collector<Tuple4<Long, Long, Long, Long>> out) throws Exception {
      add(counts, ctx.timestamp() / 1000, 1);
      ctx.timerService().registerEventTimeTimer(ctx.timestamp() / 1000 * 1000 + 999);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext<Long> ctx, Collector<Tuple4<Long, Long, Long, Long>> out)
        throws Exception {
      long second = timestamp / 1000;
      Long sum = sums.get(second);
      Long count = counts.get(second);
      out.collect(Tuple4.of(ctx.getCurrentKey(), second, sum == null ? 0 : sum, count == null ? 0 : count));
      sums.remove(second);
      counts.remove(second);
    }
  }

  private static Function<StreamEnvironment, JobGraph> perSecondJob(int parallelism,
      CollectingCheckpointedSink<Tuple4<Long, Long, Long, Long>> sink) {
    return env -> {
      input(env, "one", N, 2_000, 10).connect(input(env, "two", N / 2, 1_000, 20))
          .keyBy(t -> t.f0, t -> t.f0, Types.LONG)
          .process(new PerSecond()).returns(QUAD).uid("per-second").setParallelism(parallelism)
          .sinkTo(sink).setParallelism(1);
      return env.buildJobGraph("per-second");
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void keyedCoProcessStateAndTimersRestoreAtAnotherParallelism(String backend) throws Exception {
    CollectingCheckpointedSink<Tuple4<Long, Long, Long, Long>> sink =
        new CollectingCheckpointedSink<>("co-process-" + backend, QUAD);
    Map<String, long[]> expected = new TreeMap<>();
    for (long v = 0; v < N; v++) {
      expected.computeIfAbsent((v % 7) + "," + (v * 10 / 1000), k -> new long[2])[0] += v;
    }
    for (long w = 0; w < N / 2; w++) {
      expected.computeIfAbsent((w % 7) + "," + (w * 20 / 1000), k -> new long[2])[1] += 1;
    }
    List<String> lines = new ArrayList<>();
    expected.forEach((k, v) -> lines.add("(" + k + "," + v[0] + "," + v[1] + ")"));
    failAndRestore(perSecondJob(2, sink), perSecondJob(3, sink), backend, sink, lines);
  }

  /**
   * {@link PerSecond}, slowed down on input 1 so that input 1 backs up: its barrier waits behind a
   * full channel while input 2 (throttled, never backed up) delivers its barrier at once and keeps
   * sending records during the alignment.
   */
  static final class SlowPerSecond extends KeyedCoProcessFunction<Long, Tuple2<Long, Long>, Tuple2<Long, Long>,
      Tuple4<Long, Long, Long, Long>> {
    private final PerSecond inner = new PerSecond();
    private transient long seen;

    @Override
    public void open(io.weft.api.functions.RuntimeContext context) throws Exception {
      super.open(context);
      inner.open(context);
    }

    private void slowDown() throws InterruptedException {
      if (++seen % 50 == 0) {
        Thread.sleep(1);
      }
    }

    @Override
    public void processElement1(Tuple2<Long, Long> value, Context<Long> ctx,
        Collector<Tuple4<Long, Long, Long, Long>> out) throws Exception {
      slowDown();
      inner.processElement1(value, ctx, out);
    }

    @Override
    public void processElement2(Tuple2<Long, Long> value, Context<Long> ctx,
        Collector<Tuple4<Long, Long, Long, Long>> out) throws Exception {
      inner.processElement2(value, ctx, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext<Long> ctx, Collector<Tuple4<Long, Long, Long, Long>> out)
        throws Exception {
      inner.onTimer(timestamp, ctx, out);
    }
  }

  private static final int BIG = 200_000;

  /** Input 1 unthrottled (BIG numbers), input 2 at 2000/s (N numbers), into the slow per-second function. */
  private static Function<StreamEnvironment, JobGraph> backpressuredJob(int parallelism,
      CollectingCheckpointedSink<Tuple4<Long, Long, Long, Long>> sink) {
    return env -> {
      // Input 2 held at two thirds, so that it is likely still sending when the checkpoint is taken.
      input(env, "one", BIG, 0, 10).connect(input(env, "two", N, 2_000, 20, N * 2 / 3))
          .keyBy(t -> t.f0, t -> t.f0, Types.LONG)
          .process(new SlowPerSecond()).returns(QUAD).uid("per-second").setParallelism(parallelism)
          .sinkTo(sink).setParallelism(1);
      return env.buildJobGraph("backpressured");
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"EXACTLY_ONCE", "AT_LEAST_ONCE"})
  void barriersAlignAcrossBothInputsUnderBackpressure(String mode) throws Exception {
    CollectingCheckpointedSink<Tuple4<Long, Long, Long, Long>> sink =
        new CollectingCheckpointedSink<>("backpressure-" + mode, QUAD);
    Map<String, long[]> sums = new TreeMap<>();
    for (long v = 0; v < BIG; v++) {
      sums.computeIfAbsent((v % 7) + "," + (v * 10 / 1000), k -> new long[2])[0] += v;
    }
    for (long w = 0; w < N; w++) {
      sums.computeIfAbsent((w % 7) + "," + (w * 20 / 1000), k -> new long[2])[1] += 1;
    }
    Function<StreamEnvironment, StreamEnvironment> withMode = env -> {
      env.getConfiguration().set(CheckpointOptions.MODE, CheckpointOptions.Mode.valueOf(mode));
      return env;
    };
    RestoreRun run = new RestoreRun();
    String metadata = run.runAndFail(backpressuredJob(2, sink).apply(withMode.apply(env("hashmap"))), checkpointDir,
        sink::received, 200, 100);
    run.restoreAndFinish(backpressuredJob(3, sink).apply(withMode.apply(env("hashmap"))), metadata);
    Map<String, long[]> got = new TreeMap<>();
    for (Tuple4<Long, Long, Long, Long> r : sink.results()) {
      long[] previous = got.put(r.f0 + "," + r.f1, new long[] {r.f2, r.f3});
      if (mode.equals("EXACTLY_ONCE")) {
        assertEquals(null, previous, "one result per key and second: " + r);
      } else if (previous != null) {
        // At least once: a timer may fire again after the restore; keep the largest.
        got.put(r.f0 + "," + r.f1, new long[] {Math.max(r.f2, previous[0]), Math.max(r.f3, previous[1])});
      }
    }
    assertEquals(sums.keySet(), got.keySet(), "every key and second");
    for (Map.Entry<String, long[]> e : sums.entrySet()) {
      long[] g = got.get(e.getKey());
      if (mode.equals("EXACTLY_ONCE")) {
        assertEquals(e.getValue()[0] + "/" + e.getValue()[1], g[0] + "/" + g[1], e.getKey());
      } else {
        // Records after a barrier may be in the state and are read again after the restore, so a
        // sum may count some twice, never fewer. (With exact checks this mode fails here: input 2
        // keeps sending during the alignment.)
        assertTrue(g[0] >= e.getValue()[0] && g[1] >= e.getValue()[1], e.getKey());
      }
    }
  }

  /** Emits (left value, right value, timestamp, key). */
  static final class Pairs extends ProcessJoinFunction<Tuple2<Long, Long>, Tuple2<Long, Long>,
      Tuple4<Long, Long, Long, Long>> {
    @Override
    public void processElement(Tuple2<Long, Long> left, Tuple2<Long, Long> right, Context ctx,
        Collector<Tuple4<Long, Long, Long, Long>> out) {
      out.collect(Tuple4.of(left.f1, right.f1, ctx.getTimestamp(), left.f0));
    }
  }

  private static Function<StreamEnvironment, JobGraph> joinJob(int parallelism,
      CollectingCheckpointedSink<Tuple4<Long, Long, Long, Long>> sink) {
    return env -> {
      input(env, "one", N, 2_000, 10).keyBy(t -> t.f0, Types.LONG)
          .intervalJoin(input(env, "two", N / 2, 1_000, 20).keyBy(t -> t.f0, Types.LONG))
          .between(Duration.ofMillis(-150), Duration.ofMillis(60)).upperBoundExclusive()
          .process(new Pairs()).returns(QUAD).uid("join").setParallelism(parallelism)
          .sinkTo(sink).setParallelism(1);
      return env.buildJobGraph("interval-join");
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void intervalJoinBuffersRestoreAtAnotherParallelism(String backend) throws Exception {
    CollectingCheckpointedSink<Tuple4<Long, Long, Long, Long>> sink =
        new CollectingCheckpointedSink<>("join-" + backend, QUAD);
    List<String> expected = new ArrayList<>();
    for (long v = 0; v < N; v++) {
      for (long w = 0; w < N / 2; w++) {
        long lt = v * 10;
        long rt = w * 20;
        if (v % 7 == w % 7 && rt >= lt - 150 && rt < lt + 60) {
          expected.add("(" + v + "," + w + "," + Math.max(lt, rt) + "," + (v % 7) + ")");
        }
      }
    }
    Collections.sort(expected);
    failAndRestore(joinJob(2, sink), joinJob(3, sink), backend, sink, expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void intervalJoinStoppedWithASavepointResumesAtAnotherParallelism(String backend) throws Exception {
    CollectingCheckpointedSink<Tuple4<Long, Long, Long, Long>> sink =
        new CollectingCheckpointedSink<>("join-savepoint-" + backend, QUAD);
    List<String> expected = new ArrayList<>();
    for (long v = 0; v < N; v++) {
      for (long w = 0; w < N / 2; w++) {
        long lt = v * 10;
        long rt = w * 20;
        if (v % 7 == w % 7 && rt >= lt - 150 && rt < lt + 60) {
          expected.add("(" + v + "," + w + "," + Math.max(lt, rt) + "," + (v % 7) + ")");
        }
      }
    }
    Collections.sort(expected);
    RestoreRun run = new RestoreRun();
    String savepoint = run.stopWithSavepoint(joinJob(2, sink).apply(env(backend)), checkpointDir.resolve("savepoint"),
        sink::received, 20);
    int atStop = sink.received();
    sink.forgetResults();
    // Matched by uid ("join") in a job at parallelism 3.
    run.restoreAndFinish(joinJob(3, sink).apply(env(backend)), savepoint);
    assertEquals(atStop, sink.restored(), "nothing reached the sink after the savepoint");
    List<String> actual = new ArrayList<>();
    sink.results().forEach(r -> actual.add(r.toString()));
    Collections.sort(actual);
    assertEquals(expected, actual);
  }

  static final java.util.concurrent.atomic.AtomicInteger SEEN = new java.util.concurrent.atomic.AtomicInteger();
  static final io.weft.api.state.MapStateDescriptor<Long, Long> RULES =
      new io.weft.api.state.MapStateDescriptor<>("rules", Long.class, Long.class);

  /**
   * Sums each key's values; at the end of input emits (key, sum * the key's rule, -1 if unknown).
   * The rules (input 2, broadcast: its values below 7 set rule v + 1 for key v) all arrive long
   * before the checkpoint: after the restore only the restored broadcast state knows them.
   */
  static final class SumTimesRule extends io.weft.api.functions.co.KeyedBroadcastProcessFunction<Long,
      Tuple2<Long, Long>, Tuple2<Long, Long>, Tuple2<Long, Long>> {
    private transient io.weft.api.state.ValueState<Long> sum;

    @Override
    public void open() {
      sum = getRuntimeContext().getState(new io.weft.api.state.ValueStateDescriptor<>("sum", Long.class));
    }

    @Override
    public void processElement(Tuple2<Long, Long> value, ReadOnlyContext<Long> ctx,
        Collector<Tuple2<Long, Long>> out) throws Exception {
      sum.update((sum.value() == null ? 0 : sum.value()) + value.f1);
      ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE - 1);
      SEEN.incrementAndGet();
    }

    @Override
    public void processBroadcastElement(Tuple2<Long, Long> value, KeyedContext<Long> ctx,
        Collector<Tuple2<Long, Long>> out) throws Exception {
      if (value.f1 < 7) {
        ctx.getBroadcastState(RULES).put(value.f1, value.f1 + 1);
      }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext<Long> ctx, Collector<Tuple2<Long, Long>> out)
        throws Exception {
      Long rule = ctx.getBroadcastState(RULES).get(ctx.getCurrentKey());
      out.collect(Tuple2.of(ctx.getCurrentKey(), rule == null ? -1 : sum.value() * rule));
    }
  }

  private static Function<StreamEnvironment, JobGraph> rulesJob(int parallelism,
      CollectingCheckpointedSink<Tuple2<Long, Long>> sink) {
    return env -> {
      input(env, "numbers", N, 2_000, 10).keyBy(t -> t.f0, Types.LONG)
          .connect(input(env, "rules", N, 2_000, 10).broadcast(RULES))
          .process(new SumTimesRule()).returns(PAIR).uid("rules").setParallelism(parallelism)
          .sinkTo(sink).setParallelism(1);
      return env.buildJobGraph("rules");
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void everySubtaskRestoresTheSameBroadcastStateAtAnotherParallelism(String backend) throws Exception {
    CollectingCheckpointedSink<Tuple2<Long, Long>> sink = new CollectingCheckpointedSink<>("rules-" + backend, PAIR);
    SEEN.set(0);
    RestoreRun run = new RestoreRun();
    String metadata = run.runAndFail(rulesJob(2, sink).apply(env(backend)), checkpointDir, SEEN::get, 1_000, 500);
    run.restoreAndFinish(rulesJob(3, sink).apply(env(backend)), metadata);
    List<String> expected = new ArrayList<>();
    for (long k = 0; k < 7; k++) {
      long sum = 0;
      for (long v = k; v < N; v += 7) {
        sum += v;
      }
      expected.add("(" + k + "," + sum * (k + 1) + ")");
    }
    List<String> actual = new ArrayList<>();
    sink.results().forEach(r -> actual.add(r.toString()));
    Collections.sort(actual);
    assertEquals(expected, actual);
  }

  private <T> void failAndRestore(Function<StreamEnvironment, JobGraph> first,
      Function<StreamEnvironment, JobGraph> restored, String backend, CollectingCheckpointedSink<T> sink,
      List<String> expected) throws Exception {
    Collections.sort(expected);
    RestoreRun run = new RestoreRun();
    String metadata = run.runAndFail(first.apply(env(backend)), checkpointDir, sink::received, 20, 14);
    int beforeRestore = sink.received();
    run.restoreAndFinish(restored.apply(env(backend)), metadata);
    List<String> actual = new ArrayList<>();
    sink.results().forEach(r -> actual.add(r.toString()));
    Collections.sort(actual);
    assertEquals(expected.size(), actual.size(), "number of results");
    assertEquals(expected, actual);
    assertTrue(sink.restored() > 0 && sink.restored() < expected.size(),
        "the sink restored part of the results: " + sink.restored());
    assertTrue(beforeRestore > sink.restored(), "the first run wrote results after the checkpoint");
  }
}
