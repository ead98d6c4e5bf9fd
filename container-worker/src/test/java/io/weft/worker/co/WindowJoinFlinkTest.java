package io.weft.worker.co;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.weft.api.datastream.DataStream;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.eventtime.WatermarkStrategy;
import io.weft.api.functions.CoGroupFunction;
import io.weft.api.functions.Collector;
import io.weft.api.functions.JoinFunction;
import io.weft.api.functions.KeySelector;
import io.weft.api.functions.ProcessFunction;
import io.weft.api.sink.CollectSink;
import io.weft.api.tuple.Tuple3;
import io.weft.api.windowing.assigners.EventTimeSessionWindows;
import io.weft.api.windowing.assigners.SlidingEventTimeWindows;
import io.weft.api.windowing.assigners.TumblingEventTimeWindows;
import io.weft.api.windowing.assigners.WindowAssigner;
import io.weft.api.windowing.windows.TimeWindow;
import io.weft.worker.harness.TestThreads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Window join and coGroup on tumbling, sliding and session windows, run as local jobs and
 * compared with Apache Flink 1.20's output of the same job on the same input
 * ({@code src/test/resources/two-input/windows/<name>.input}; Flink's output in {@code
 * <name>.join.flink} and {@code <name>.cogroup.flink}, written by {@code
 * scripts/bench/flink-two-input/run.sh}). Each input side is in ascending time, so no element is
 * late whatever the interleaving and the output is the same in every run.
 */
@Timeout(60)
class WindowJoinFlinkTest {

  @AfterEach
  void noThreadsLeft() {
    TestThreads.assertNoRuntimeThreadsRemain();
  }

  static Stream<String> cases() throws Exception {
    List<String> cases = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir())) {
      for (Path p : files.filter(f -> f.toString().endsWith(".input")).sorted().toList()) {
        String name = p.getFileName().toString().replaceAll("\\.input$", "");
        cases.add(name + " join");
        cases.add(name + " cogroup");
      }
    }
    return cases.stream();
  }

  private static Path dir() throws Exception {
    return Path.of(WindowJoinFlinkTest.class.getResource("/two-input/windows").toURI());
  }

  static final class Key implements KeySelector<Tuple3<String, String, Long>, String> {
    @Override
    public String getKey(Tuple3<String, String, Long> t) {
      return t.f0;
    }
  }

  /** "l,r" for each pair. */
  static final class Pair implements JoinFunction<Tuple3<String, String, Long>, Tuple3<String, String, Long>,
      String> {
    @Override
    public String join(Tuple3<String, String, Long> l, Tuple3<String, String, Long> r) {
      return l.f1 + "," + r.f1;
    }
  }

  /** "key [lefts] [rights]", each side sorted. */
  static final class Groups implements CoGroupFunction<Tuple3<String, String, Long>, Tuple3<String, String, Long>,
      String> {
    @Override
    public void coGroup(Iterable<Tuple3<String, String, Long>> ls, Iterable<Tuple3<String, String, Long>> rs,
        Collector<String> out) {
      List<String> l = new ArrayList<>();
      List<String> r = new ArrayList<>();
      String key = null;
      for (Tuple3<String, String, Long> t : ls) {
        l.add(t.f1);
        key = t.f0;
      }
      for (Tuple3<String, String, Long> t : rs) {
        r.add(t.f1);
        key = t.f0;
      }
      l.sort(null);
      r.sort(null);
      out.collect(key + " " + l + " " + r);
    }
  }

  static final class WithTimestamp extends ProcessFunction<String, String> {
    @Override
    public void processElement(String value, Context ctx, Collector<String> out) {
      out.collect(ctx.timestamp() + " " + value);
    }
  }

  private static WindowAssigner<Object, TimeWindow> assigner(String[] w) {
    return switch (w[1]) {
      case "tumbling" -> TumblingEventTimeWindows.of(Duration.ofMillis(Long.parseLong(w[2])));
      case "sliding" -> SlidingEventTimeWindows.of(Duration.ofMillis(Long.parseLong(w[2])),
          Duration.ofMillis(Long.parseLong(w[3])));
      case "session" -> EventTimeSessionWindows.withGap(Duration.ofMillis(Long.parseLong(w[2])));
      default -> throw new IllegalArgumentException("unknown window " + w[1]);
    };
  }

  private static DataStream<Tuple3<String, String, Long>> side(StreamEnvironment env,
      List<Tuple3<String, String, Long>> elements) {
    return env.fromCollection(elements).assignTimestampsAndWatermarks(
        WatermarkStrategy.<Tuple3<String, String, Long>>forMonotonousTimestamps().withTimestampAssigner((e, t) -> e.f2));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void weftGivesFlinksOutput(String testCase) throws Exception {
    String name = testCase.split(" ")[0];
    String kind = testCase.split(" ")[1];
    List<String> lines = Files.readAllLines(dir().resolve(name + ".input")).stream()
        .map(l -> l.replaceAll("#.*", "").trim()).filter(l -> !l.isEmpty()).toList();
    String[] window = lines.get(0).split("\\s+");
    List<Tuple3<String, String, Long>> left = new ArrayList<>();
    List<Tuple3<String, String, Long>> right = new ArrayList<>();
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split("\\s+");
      (f[0].equals("L") ? left : right).add(Tuple3.of(f[1], f[2], Long.parseLong(f[3])));
    }
    List<String> expected = Files.readAllLines(dir().resolve(name + "." + kind + ".flink"));
    assertFalse(expected.isEmpty(), "Flink's output is empty: the case tests nothing");

    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    CollectSink<String> sink = new CollectSink<>();
    try {
      DataStream<Tuple3<String, String, Long>> l = side(env, left);
      DataStream<Tuple3<String, String, Long>> r = side(env, right);
      DataStream<String> joined = kind.equals("join")
          ? l.join(r).where(new Key()).equalTo(new Key()).window(assigner(window)).apply(new Pair())
          : l.coGroup(r).where(new Key()).equalTo(new Key()).window(assigner(window)).apply(new Groups());
      joined.process(new WithTimestamp()).sinkTo(sink);
      env.execute(testCase);
      List<String> actual = new ArrayList<>(sink.results());
      actual.sort(null);
      assertEquals(expected, actual);
    } finally {
      sink.discard();
    }
  }
}
