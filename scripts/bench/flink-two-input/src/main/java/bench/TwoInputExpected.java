package bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.api.operators.co.CoProcessOperator;
import org.apache.flink.streaming.api.operators.co.CoStreamFlatMap;
import org.apache.flink.streaming.api.operators.co.CoStreamMap;
import org.apache.flink.streaming.api.operators.co.IntervalJoinOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;

/**
 * Runs every scenario script of Weft's two-input tests through Flink's own operator under Flink's
 * test harness and writes what it emitted to {@code <scenario>.flink}; runs every window-join
 * input through a Flink job ({@link WindowJoinJobs}). The functions are those of
 * {@link ScenarioFunctions}, which Weft's tests mirror on Weft's API.
 *
 * <p>Script lines: {@code operator <kind> [args]} first, then {@code 1 <value> <ts|->}, {@code 2
 * <value> <ts|->} (an element on input 1 or 2; the key is the value up to ':'), {@code w1 <ts>},
 * {@code w2 <ts>}, {@code w <ts>} (watermarks), {@code p <time>} (processing time). Output lines:
 * {@code out <ts|-> <value>}, {@code side <tag> <ts|-> <value>}, {@code wm <ts>}.
 */
public final class TwoInputExpected {
  private TwoInputExpected() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    List<Path> scripts;
    try (Stream<Path> files = Files.list(dir)) {
      scripts = files.filter(p -> p.toString().endsWith(".script")).sorted().toList();
    }
    for (Path script : scripts) {
      List<String> out = run(Files.readAllLines(script));
      Path target = Path.of(script.toString().replaceAll("\\.script$", ".flink"));
      Files.write(target, out);
      System.out.println(target.getFileName() + ": " + out.size() + " lines");
    }
    WindowJoinJobs.runAll(dir.resolve("windows"));
  }

  static String key(String value) {
    return value.substring(0, value.indexOf(':'));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static List<String> run(List<String> lines) throws Exception {
    String[] header = null;
    List<String[]> steps = new ArrayList<>();
    for (String line : lines) {
      String l = line.replaceAll("#.*", "").trim();
      if (l.isEmpty()) {
        continue;
      }
      String[] f = l.split("\\s+");
      if (f[0].equals("operator")) {
        header = f;
      } else {
        steps.add(f);
      }
    }
    KeySelector<String, String> k = TwoInputExpected::key;
    TwoInputStreamOperatorTestHarness<String, String, String> h;
    switch (header[1]) {
      case "interval-join" -> {
        List<String> opts = List.of(header).subList(4, header.length);
        h = new KeyedTwoInputStreamOperatorTestHarness<>(new IntervalJoinOperator<>(Long.parseLong(header[2]),
            Long.parseLong(header[3]), !opts.contains("lower-exclusive"), !opts.contains("upper-exclusive"),
            ScenarioFunctions.LEFT_LATE, ScenarioFunctions.RIGHT_LATE, StringSerializer.INSTANCE,
            StringSerializer.INSTANCE, new ScenarioFunctions.JoinPairs()), k, k, Types.STRING);
      }
      case "keyed-co-process" -> h = new KeyedTwoInputStreamOperatorTestHarness<>(
          new KeyedCoProcessOperator<>(new ScenarioFunctions.Pairing()), k, k, Types.STRING);
      case "co-process" -> h = new TwoInputStreamOperatorTestHarness<>(
          new CoProcessOperator<>(new ScenarioFunctions.Stamping()));
      case "broadcast" -> h = new TwoInputStreamOperatorTestHarness<>(
          new CoBroadcastWithNonKeyedOperator<>(new ScenarioFunctions.Rules(), List.of(ScenarioFunctions.RULES)));
      case "keyed-broadcast" -> h = new KeyedTwoInputStreamOperatorTestHarness<>(
          new CoBroadcastWithKeyedOperator<>(new ScenarioFunctions.KeyedRules(), List.of(ScenarioFunctions.RULES)),
          k, null, Types.STRING);
      case "co-map" -> h = new TwoInputStreamOperatorTestHarness<>(
          (TwoInputStreamOperator) new CoStreamMap<>(new ScenarioFunctions.Tagging()));
      case "co-flat-map" -> h = new TwoInputStreamOperatorTestHarness<>(
          (TwoInputStreamOperator) new CoStreamFlatMap<>(new ScenarioFunctions.Doubling()));
      default -> throw new IllegalArgumentException("unknown operator " + header[1]);
    }
    h.open();
    for (String[] s : steps) {
      switch (s[0]) {
        case "1" -> h.processElement1(record(s));
        case "2" -> h.processElement2(record(s));
        case "w1" -> h.processWatermark1(new Watermark(Long.parseLong(s[1])));
        case "w2" -> h.processWatermark2(new Watermark(Long.parseLong(s[1])));
        case "w" -> h.processBothWatermarks(new Watermark(Long.parseLong(s[1])));
        case "p" -> h.setProcessingTime(Long.parseLong(s[1]));
        default -> throw new IllegalArgumentException("unknown step " + String.join(" ", s));
      }
    }
    List<String> out = new ArrayList<>();
    for (Object o : h.getOutput()) {
      if (o instanceof StreamRecord<?> r) {
        out.add("out " + ts(r) + " " + r.getValue());
      } else if (o instanceof Watermark w) {
        out.add("wm " + w.getTimestamp());
      }
    }
    for (var tag : List.of(ScenarioFunctions.LEFT_LATE, ScenarioFunctions.RIGHT_LATE, ScenarioFunctions.SIDE)) {
      var side = h.getSideOutput(tag);
      if (side != null) {
        for (StreamRecord<?> r : side) {
          out.add("side " + tag.getId() + " " + ts(r) + " " + r.getValue());
        }
      }
    }
    h.close();
    return out;
  }

  private static StreamRecord<String> record(String[] s) {
    return s[2].equals("-") ? new StreamRecord<>(s[1]) : new StreamRecord<>(s[1], Long.parseLong(s[2]));
  }

  private static String ts(StreamRecord<?> r) {
    return r.hasTimestamp() ? Long.toString(r.getTimestamp()) : "-";
  }
}
