package io.weft.worker.taskmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.datastream.DataStream;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.eventtime.WatermarkStrategy;
import io.weft.api.functions.AggregateFunction;
import io.weft.api.functions.Collector;
import io.weft.api.functions.KeyedProcessFunction;
import io.weft.api.source.GeneratorSource;
import io.weft.api.state.MapState;
import io.weft.api.state.MapStateDescriptor;
import io.weft.api.tuple.Tuple2;
import io.weft.api.tuple.Tuple3;
import io.weft.api.windowing.assigners.EventTimeSessionWindows;
import io.weft.api.windowing.assigners.SlidingEventTimeWindows;
import io.weft.api.windowing.assigners.TumblingEventTimeWindows;
import io.weft.api.windowing.functions.ProcessWindowFunction;
import io.weft.api.windowing.windows.TimeWindow;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.config.CoreOptions;
import io.weft.core.plan.JobGraph;
import io.weft.core.types.TypeHint;
import io.weft.core.types.TypeInfo;
import io.weft.state.StateOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Windowed and timer jobs that fail mid-stream after a checkpoint and are restored from it: the
 * output of the restored run (collected by an exactly-once sink whose received elements are in
 * the checkpoint) is exactly what one run without failure gives, on both state backends, at the
 * same and at another parallelism of the keyed operator. "rocksdb-changelog" is RocksDB with the
 * state changelog: its first checkpoint is a materialization, so those runs take two and restore
 * from the second, which is the materialization plus the logged changes.
 *
 * <p>Input: the numbers 0..N-1 at 2000 per second, held in the first attempt until each checkpoint
 * (so the job is mid-stream when it fails, however loaded the machine), number v at event time
 * v * 10 ms, keyed by v % keys, watermarks 3 s behind.
 */
// A hang guard only: the waits inside are on conditions, generous for a loaded machine.
@Timeout(900)
class WindowRestoreTest {
  private static final int N = 6_000;
  private static final TypeInfo<Tuple2<Long, Long>> PAIR = TypeInfo.of(new TypeHint<Tuple2<Long, Long>>() {});
  private static final TypeInfo<Tuple3<Long, Long, Long>> TRIPLE =
      TypeInfo.of(new TypeHint<Tuple3<Long, Long, Long>>() {});

  @TempDir
  Path checkpointDir;

  private static final String CHANGELOG = "rocksdb-changelog";

  private StreamEnvironment env(String backend) {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    env.getConfiguration().set(CheckpointOptions.DIRECTORY, checkpointDir.toUri().toString());
    // On, so that unknown types are refused; checkpoints are triggered by the test, not by a coordinator.
    env.getConfiguration().set(CheckpointOptions.INTERVAL, Duration.ofHours(1));
    env.getConfiguration().set(StateOptions.BACKEND, backend.equals(CHANGELOG) ? StateOptions.ROCKSDB : backend);
    env.getConfiguration().set(StateOptions.INCREMENTAL, true);
    env.getConfiguration().set(StateOptions.CHANGELOG_ENABLED, backend.equals(CHANGELOG));
    return env;
  }

  /** (v % keys, v) at event time v * 10. */
  private static DataStream<Tuple2<Long, Long>> input(StreamEnvironment env, long keys) {
    return input(env, keys, false);
  }

  /** With {@code gaps}, event time also jumps 2 s after every 100 numbers. */
  private static DataStream<Tuple2<Long, Long>> input(StreamEnvironment env, long keys, boolean gaps) {
    // Held in the first attempt (a quarter of the input per checkpoint), so that it is failed mid-stream.
    return env.fromSource(new FirstAttemptHeld<>(new GeneratorSource<>(i -> i, N, 2_000), N / 4), "numbers")
        .returns(Long.class).setParallelism(1)
        // Event time lags 3 s behind: at any checkpoint, windows and timers that are complete but not
        // yet due are in the state, and only their restored timers can fire them.
        .assignTimestampsAndWatermarks(WatermarkStrategy.<Long>forBoundedOutOfOrderness(Duration.ofSeconds(3))
            .withTimestampAssigner((v, ts) -> v * 10 + (gaps ? v / 100 * 2_000 : 0)))
        .map(v -> Tuple2.of(v % keys, v)).returns(PAIR);
  }

  private <T> void failAndRestore(Function<StreamEnvironment, JobGraph> first, Function<StreamEnvironment,
      JobGraph> restored, String backend, CollectingCheckpointedSink<T> sink, List<String> expected)
      throws Exception {
    RestoreRun run = new RestoreRun();
    String metadata = backend.equals(CHANGELOG)
        ? run.runAndFail(first.apply(env(backend)), checkpointDir, sink::received, 20, 14, false, 2)
        : run.runAndFail(first.apply(env(backend)), checkpointDir, sink::received, 20, 14);
    int beforeRestore = sink.received();
    run.restoreAndFinish(restored.apply(env(backend)), metadata);
    List<String> actual = new ArrayList<>();
    sink.results().forEach(r -> actual.add(r.toString()));
    Collections.sort(actual);
    assertEquals(expected.size(), actual.size(), "number of results");
    assertEquals(expected, actual);
    // The first run wrote results after the checkpoint that the restored run wrote again: without
    // the checkpointed state and timers they would be doubled or missing.
    assertTrue(sink.restored() > 0 && sink.restored() < expected.size(),
        "the sink restored part of the results: " + sink.restored());
    assertTrue(beforeRestore > sink.restored(), "the first run wrote results after the checkpoint");
  }

  private static List<String> sorted(Map<String, Long> sums, Function<String, String> format) {
    List<String> out = new ArrayList<>();
    sums.forEach((k, v) -> out.add(format.apply(k).replace("$", Long.toString(v))));
    Collections.sort(out);
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb", CHANGELOG})
  void tumblingWindowReduceRestoresExactly(String backend) throws Exception {
    CollectingCheckpointedSink<Tuple2<Long, Long>> sink = new CollectingCheckpointedSink<>("tumbling-" + backend, PAIR);
    Function<StreamEnvironment, JobGraph> job = tumblingSums(sink);
    failAndRestore(job, job, backend, sink, tumblingSumsExpected());
  }

  /** Sums per key of 7 in 1 s tumbling windows, into {@code sink}. */
  private static Function<StreamEnvironment, JobGraph> tumblingSums(
      CollectingCheckpointedSink<Tuple2<Long, Long>> sink) {
    return env -> {
      input(env, 7).keyBy(t -> t.f0, TypeInfo.of(Long.class))
          .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
          .reduce((a, b) -> Tuple2.of(a.f0, a.f1 + b.f1)).name("sums")
          .sinkTo(sink).setParallelism(1);
      return env.buildJobGraph("tumbling");
    };
  }

  private static List<String> tumblingSumsExpected() {
    Map<String, Long> sums = new HashMap<>();
    for (long v = 0; v < N; v++) {
      sums.merge((v % 7) + "@" + (v * 10 / 1000), v, Long::sum);
    }
    return sorted(sums, k -> "(" + k.split("@")[0] + ",$)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void aJobStoppedWithASavepointFiresNoOpenWindowAndResumesExactly(String backend) throws Exception {
    CollectingCheckpointedSink<Tuple2<Long, Long>> sink = new CollectingCheckpointedSink<>("stop-" + backend, PAIR);
    Function<StreamEnvironment, JobGraph> job = tumblingSums(sink);
    RestoreRun run = new RestoreRun();
    String savepoint = run.stopWithSavepoint(job.apply(env(backend)), checkpointDir.resolve("savepoint"),
        sink::received, 20);
    int atStop = sink.received();
    assertEquals(atStop, sink.results().size(), "the stopped job's sink finished with what it had received");
    sink.forgetResults();
    run.restoreAndFinish(job.apply(env(backend)), savepoint);
    // Stopping ends the inputs without the end of event time: had the open windows fired, the sink
    // would have received results after the savepoint's barrier, which its restored state lacks.
    assertEquals(atStop, sink.restored(), "nothing reached the sink after the savepoint");
    List<String> actual = new ArrayList<>();
    sink.results().forEach(r -> actual.add(r.toString()));
    Collections.sort(actual);
    assertEquals(tumblingSumsExpected(), actual);
  }

  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb", CHANGELOG})
  void sessionWindowsRestoreTheirMergingSetsExactly(String backend) throws Exception {
    CollectingCheckpointedSink<Tuple2<Long, Long>> sink = new CollectingCheckpointedSink<>("sessions-" + backend, PAIR);
    Function<StreamEnvironment, JobGraph> job = env -> {
      input(env, 7, true).keyBy(t -> t.f0, TypeInfo.of(Long.class))
          .window(EventTimeSessionWindows.withGap(Duration.ofSeconds(1)))
          .reduce((a, b) -> Tuple2.of(a.f0, a.f1 + b.f1)).name("sessions")
          .sinkTo(sink).setParallelism(1);
      return env.buildJobGraph("sessions");
    };
    // A session per key and run of 100 numbers: within a run elements of a key are 70 ms apart.
    Map<String, Long> sums = new HashMap<>();
    for (long v = 0; v < N; v++) {
      sums.merge((v % 7) + "@" + (v / 100), v, Long::sum);
    }
    failAndRestore(job, job, backend, sink, sorted(sums, k -> "(" + k.split("@")[0] + ",$)"));
  }

  /** Emits (key, window end, sum of the window's elements), from the whole list of elements. */
  static final class SumWindow extends ProcessWindowFunction<Tuple2<Long, Long>, Tuple3<Long, Long, Long>, Long,
      TimeWindow> {
    @Override
    public void process(Long key, Context context, Iterable<Tuple2<Long, Long>> elements,
        Collector<Tuple3<Long, Long, Long>> out) {
      long sum = 0;
      for (Tuple2<Long, Long> e : elements) {
        sum += e.f1;
      }
      out.collect(Tuple3.of(key, context.window().getEnd(), sum));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb", CHANGELOG})
  void slidingWindowProcessRestoresExactly(String backend) throws Exception {
    CollectingCheckpointedSink<Tuple3<Long, Long, Long>> sink =
        new CollectingCheckpointedSink<>("sliding-" + backend, TRIPLE);
    Function<StreamEnvironment, JobGraph> job = env -> {
      input(env, 5).keyBy(t -> t.f0, TypeInfo.of(Long.class))
          .window(SlidingEventTimeWindows.of(Duration.ofSeconds(1), Duration.ofMillis(500)))
          .process(new SumWindow()).name("sliding")
          .sinkTo(sink).setParallelism(1);
      return env.buildJobGraph("sliding");
    };
    Map<String, Long> sums = new HashMap<>();
    for (long v = 0; v < N; v++) {
      long ts = v * 10;
      long lastStart = ts - Math.floorMod(ts, 500);
      for (long start = lastStart; start > ts - 1000; start -= 500) {
        sums.merge((v % 5) + "@" + (start + 1000), v, Long::sum);
      }
    }
    failAndRestore(job, job, backend, sink, sorted(sums, k -> "(" + k.replace("@", ",") + ",$)"));
  }

  /**
   * Per key, sums each second's values in map state and registers an event-time timer at the
   * second's end; the timer emits (key, timer time, sum) and drops the second.
   */
  static final class SumPerSecond extends KeyedProcessFunction<Long, Tuple2<Long, Long>, Tuple3<Long, Long, Long>> {
    private transient MapState<Long, Long> sums;

    @Override
    public void open() {
      sums = getRuntimeContext().getMapState(new MapStateDescriptor<>("sums", Long.class, Long.class));
    }

    @Override
    public void processElement(Tuple2<Long, Long> value, Context<Long> ctx, Collector<Tuple3<Long, Long, Long>> out)
        throws Exception {
      long second = ctx.timestamp() / 1000;
      Long sum = sums.get(second);
      sums.put(second, (sum == null ? 0 : sum) + value.f1);
      ctx.timerService().registerEventTimeTimer(second * 1000 + 999);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext<Long> ctx, Collector<Tuple3<Long, Long, Long>> out)
        throws Exception {
      long second = timestamp / 1000;
      out.collect(Tuple3.of(ctx.getCurrentKey(), timestamp, sums.get(second)));
      sums.remove(second);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb", CHANGELOG})
  void keyedProcessFunctionTimersRestoreExactly(String backend) throws Exception {
    CollectingCheckpointedSink<Tuple3<Long, Long, Long>> sink =
        new CollectingCheckpointedSink<>("timers-" + backend, TRIPLE);
    Function<StreamEnvironment, JobGraph> job = env -> {
      input(env, 7).keyBy(t -> t.f0, TypeInfo.of(Long.class))
          .process(new SumPerSecond()).returns(TRIPLE).name("per second")
          .sinkTo(sink).setParallelism(1);
      return env.buildJobGraph("timers");
    };
    Map<String, Long> sums = new HashMap<>();
    for (long v = 0; v < N; v++) {
      sums.merge((v % 7) + "@" + (v * 10 / 1000 * 1000 + 999), v, Long::sum);
    }
    failAndRestore(job, job, backend, sink, sorted(sums, k -> "(" + k.replace("@", ",") + ",$)"));
  }

  /** (key, sum) as accumulator and result: its type comes from the class's type arguments. */
  static final class KeyedSum implements AggregateFunction<Tuple2<Long, Long>, Tuple2<Long, Long>, Tuple2<Long, Long>> {
    @Override
    public Tuple2<Long, Long> createAccumulator() {
      return Tuple2.of(-1L, 0L);
    }

    @Override
    public Tuple2<Long, Long> add(Tuple2<Long, Long> value, Tuple2<Long, Long> acc) {
      return Tuple2.of(value.f0, acc.f1 + value.f1);
    }

    @Override
    public Tuple2<Long, Long> getResult(Tuple2<Long, Long> acc) {
      return acc;
    }

    @Override
    public Tuple2<Long, Long> merge(Tuple2<Long, Long> a, Tuple2<Long, Long> b) {
      return Tuple2.of(Math.max(a.f0, b.f0), a.f1 + b.f1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb", CHANGELOG})
  void windowRestoredAtAnotherParallelismRedistributesStateAndTimers(String backend) throws Exception {
    CollectingCheckpointedSink<Tuple2<Long, Long>> sink = new CollectingCheckpointedSink<>("rescaled-" + backend, PAIR);
    Function<Integer, Function<StreamEnvironment, JobGraph>> job = parallelism -> env -> {
      input(env, 31).keyBy(t -> t.f0, TypeInfo.of(Long.class))
          .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
          .aggregate(new KeyedSum()).setParallelism(parallelism).name("sums")
          .sinkTo(sink).setParallelism(1);
      return env.buildJobGraph("rescaled");
    };
    Map<String, Long> sums = new HashMap<>();
    for (long v = 0; v < N; v++) {
      sums.merge((v % 31) + "@" + (v * 10 / 1000), v, Long::sum);
    }
    failAndRestore(job.apply(2), job.apply(3), backend, sink, sorted(sums, k -> "(" + k.split("@")[0] + ",$)"));
  }

  /** Sums per key of 31 in 1 s windows every 400 ms (slices of 200 ms), at {@code parallelism}. */
  private static Function<StreamEnvironment, JobGraph> slidingSums(CollectingCheckpointedSink<Tuple2<Long, Long>> sink,
      int parallelism, boolean sliced) {
    return env -> {
      env.getConfiguration().set(CoreOptions.WINDOW_SLICING, sliced);
      input(env, 31).keyBy(t -> t.f0, TypeInfo.of(Long.class))
          .window(SlidingEventTimeWindows.of(Duration.ofSeconds(1), Duration.ofMillis(400)))
          .aggregate(new KeyedSum()).setParallelism(parallelism).name("sums")
          .sinkTo(sink).setParallelism(1);
      return env.buildJobGraph("sliced");
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void slicedWindowsRestoreAtAnotherParallelismExactly(String backend) throws Exception {
    CollectingCheckpointedSink<Tuple2<Long, Long>> sink = new CollectingCheckpointedSink<>("sliced-" + backend, PAIR);
    Map<String, Long> sums = new HashMap<>();
    for (long v = 0; v < N; v++) {
      long ts = v * 10;
      for (long start = ts - Math.floorMod(ts, 400); start > ts - 1000; start -= 400) {
        sums.merge((v % 31) + "@" + start, v, Long::sum);
      }
    }
    failAndRestore(slidingSums(sink, 2, true), slidingSums(sink, 3, true), backend, sink,
        sorted(sums, k -> "(" + k.split("@")[0] + ",$)"));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aCheckpointOfTheOtherWindowLayoutIsRefusedNamingTheSetting(boolean slicedBefore) throws Exception {
    CollectingCheckpointedSink<Tuple2<Long, Long>> sink = new CollectingCheckpointedSink<>("layout-" + slicedBefore, PAIR);
    RestoreRun run = new RestoreRun();
    // A savepoint once results flow (a checkpoint then more progress is timing-bound under load).
    String metadata = run.stopWithSavepoint(slidingSums(sink, 2, slicedBefore).apply(env("hashmap")),
        checkpointDir.resolve("savepoint"), sink::received, 1);
    Throwable refused = run.restoreAndFail(slidingSums(sink, 2, !slicedBefore).apply(env("hashmap")), metadata);
    String message = String.valueOf(refused.getMessage()) + " / " + refused.getCause();
    assertTrue(message.contains("restore with execution.window-slicing: " + slicedBefore), message);
  }
}
