package bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.CoGroupFunction;
import org.apache.flink.api.common.functions.JoinFunction;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.windowing.assigners.EventTimeSessionWindows;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Window join and coGroup jobs on Flink. Each {@code windows/<name>.input} holds a first line
 * {@code window tumbling <size> | sliding <size> <slide> | session <gap>} and elements {@code L|R
 * <key> <value> <ts>}, each side in ascending time (so no element is late whatever the
 * interleaving, and the output is the same in every run). Writes {@code <name>.join.flink} and
 * {@code <name>.cogroup.flink}: one sorted line {@code <ts> <value>} per output element.
 */
final class WindowJoinJobs {
  private WindowJoinJobs() {}

  static void runAll(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> inputs;
    try (Stream<Path> files = Files.list(dir)) {
      inputs = files.filter(p -> p.toString().endsWith(".input")).sorted().toList();
    }
    for (Path input : inputs) {
      List<String> lines = Files.readAllLines(input).stream().map(l -> l.replaceAll("#.*", "").trim())
          .filter(l -> !l.isEmpty()).toList();
      String[] window = lines.get(0).split("\\s+");
      List<Tuple3<String, String, Long>> left = new ArrayList<>();
      List<Tuple3<String, String, Long>> right = new ArrayList<>();
      for (String l : lines.subList(1, lines.size())) {
        String[] f = l.split("\\s+");
        (f[0].equals("L") ? left : right).add(Tuple3.of(f[1], f[2], Long.parseLong(f[3])));
      }
      String base = input.toString().replaceAll("\\.input$", "");
      for (String kind : List.of("join", "cogroup")) {
        List<String> out = run(kind, window, left, right);
        out.sort(null);
        Files.write(Path.of(base + "." + kind + ".flink"), out);
        System.out.println(Path.of(base).getFileName() + "." + kind + ".flink: " + out.size() + " lines");
      }
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

  static final class Key implements KeySelector<Tuple3<String, String, Long>, String> {
    @Override
    public String getKey(Tuple3<String, String, Long> t) {
      return t.f0;
    }
  }

  /** "l,r" for each pair. */
  static final class Pair implements JoinFunction<Tuple3<String, String, Long>, Tuple3<String, String, Long>, String> {
    @Override
    public String join(Tuple3<String, String, Long> l, Tuple3<String, String, Long> r) {
      return l.f1 + "," + r.f1;
    }
  }

  /** "key [lefts] [rights]", each side sorted. */
  static final class Groups
      implements CoGroupFunction<Tuple3<String, String, Long>, Tuple3<String, String, Long>, String> {
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

  /** Prefixes each element with its timestamp. */
  static final class WithTimestamp extends ProcessFunction<String, String> {
    @Override
    public void processElement(String value, Context ctx, Collector<String> out) {
      out.collect(ctx.timestamp() + " " + value);
    }
  }

  private static List<String> run(String kind, String[] window, List<Tuple3<String, String, Long>> l,
      List<Tuple3<String, String, Long>> r) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    DataStream<Tuple3<String, String, Long>> left = env.fromData(l).assignTimestampsAndWatermarks(
        WatermarkStrategy.<Tuple3<String, String, Long>>forMonotonousTimestamps().withTimestampAssigner((e, t) -> e.f2));
    DataStream<Tuple3<String, String, Long>> right = env.fromData(r).assignTimestampsAndWatermarks(
        WatermarkStrategy.<Tuple3<String, String, Long>>forMonotonousTimestamps().withTimestampAssigner((e, t) -> e.f2));
    DataStream<String> joined = kind.equals("join")
        ? left.join(right).where(new Key()).equalTo(new Key()).window(assigner(window)).apply(new Pair())
        : left.coGroup(right).where(new Key()).equalTo(new Key()).window(assigner(window)).apply(new Groups());
    List<String> out = new ArrayList<>();
    joined.process(new WithTimestamp()).executeAndCollect().forEachRemaining(out::add);
    return out;
  }
}
