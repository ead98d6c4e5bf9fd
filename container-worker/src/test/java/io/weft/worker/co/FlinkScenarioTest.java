package io.weft.worker.co;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.weft.core.plan.TwoInputSpecs;
import io.weft.core.types.Types;
import io.weft.dataplane.element.StreamRecord;
import io.weft.worker.harness.OneInputOperatorHarness.Emitted;
import io.weft.worker.harness.OneInputOperatorHarness.SideEmitted;
import io.weft.worker.harness.TwoInputOperatorHarness;
import io.weft.worker.operators.TwoInputStreamOperator;
import io.weft.worker.operators.co.BroadcastProcessOperator;
import io.weft.worker.operators.co.CoFlatMapOperator;
import io.weft.worker.operators.co.CoMapOperator;
import io.weft.worker.operators.co.KeyedBroadcastProcessOperator;
import io.weft.worker.operators.co.CoProcessOperator;
import io.weft.worker.operators.co.KeyedCoProcessOperator;
import io.weft.worker.operators.co.TwoInputOperators;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every scenario script of {@code src/test/resources/two-input} through Weft's operator in
 * the two-input harness and compares the output with Apache Flink 1.20's on the same script,
 * recorded in the {@code .flink} file next to it by {@code scripts/bench/flink-two-input/run.sh}
 * (Flink's operator under Flink's test harness). Records and side outputs are compared as sorted
 * lists (the order within one step follows map iteration order in both engines), watermarks in
 * order.
 */
class FlinkScenarioTest {

  static Stream<String> scripts() throws Exception {
    try (Stream<Path> files = Files.list(dir())) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".script")).sorted().toList()
          .stream();
    }
  }

  private static Path dir() throws URISyntaxException {
    return Path.of(FlinkScenarioTest.class.getResource("/two-input").toURI());
  }

  @ParameterizedTest
  @MethodSource("scripts")
  void weftGivesFlinksOutput(String script) throws Exception {
    Path path = dir().resolve(script);
    List<String> expected = new ArrayList<>();
    for (String line : Files.readAllLines(dir().resolve(script.replaceAll("\\.script$", ".flink")))) {
      // Flink gives a side output of an element without timestamp the timestamp Long.MIN_VALUE; Weft
      // writes "no timestamp" as Long.MIN_VALUE, so both mean the same to every later operator.
      expected.add(line.replace(" " + Long.MIN_VALUE + " ", " - "));
    }
    List<String> actual = run(Files.readAllLines(path));
    assertFalse(expected.isEmpty(), "Flink's output of " + script + " is empty: the scenario tests nothing");
    assertEquals(watermarks(expected), watermarks(actual), script + ": watermarks");
    assertEquals(sortedRecords(expected), sortedRecords(actual), script + ": records and side outputs");
  }

  private static List<String> watermarks(List<String> lines) {
    return lines.stream().filter(l -> l.startsWith("wm ")).toList();
  }

  private static List<String> sortedRecords(List<String> lines) {
    List<String> l = new ArrayList<>(lines.stream().filter(x -> !x.startsWith("wm ")).toList());
    l.sort(null);
    return l;
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
    TwoInputStreamOperator<String, String, String> op = switch (header[1]) {
      case "interval-join" -> {
        List<String> opts = List.of(header).subList(4, header.length);
        yield (TwoInputStreamOperator) TwoInputOperators.create(new TwoInputSpecs.IntervalJoinSpec<String, String,
            String, String>(ScenarioFunctions::key, ScenarioFunctions::key, Long.parseLong(header[2]),
            Long.parseLong(header[3]), !opts.contains("lower-exclusive"), !opts.contains("upper-exclusive"),
            ScenarioFunctions.LEFT_LATE, ScenarioFunctions.RIGHT_LATE, new ScenarioFunctions.JoinPairs()));
      }
      case "keyed-co-process" -> new KeyedCoProcessOperator<>(ScenarioFunctions::key, ScenarioFunctions::key,
          new ScenarioFunctions.Pairing());
      case "co-process" -> new CoProcessOperator<>(new ScenarioFunctions.Stamping());
      case "co-map" -> new CoMapOperator<>(new ScenarioFunctions.Tagging());
      case "co-flat-map" -> new CoFlatMapOperator<>(new ScenarioFunctions.Doubling());
      case "broadcast" -> new BroadcastProcessOperator<>(new TwoInputSpecs.BroadcastProcessSpec<>(
          new ScenarioFunctions.Rules(), List.of(ScenarioFunctions.RULES)));
      case "keyed-broadcast" -> new KeyedBroadcastProcessOperator<>(new TwoInputSpecs.KeyedBroadcastProcessSpec<>(
          ScenarioFunctions::key, new ScenarioFunctions.KeyedRules(), List.of(ScenarioFunctions.RULES)));
      default -> throw new IllegalArgumentException("unknown operator " + header[1]);
    };
    List<String> out = new ArrayList<>();
    try (TwoInputOperatorHarness<String, String, String> h = new TwoInputOperatorHarness<>(op)) {
      h.withInputTypes(Types.STRING, Types.STRING).open();
      for (String[] s : steps) {
        switch (s[0]) {
          case "1" -> h.processElement1(s[1], s[2].equals("-") ? StreamRecord.NO_TIMESTAMP : Long.parseLong(s[2]));
          case "2" -> h.processElement2(s[1], s[2].equals("-") ? StreamRecord.NO_TIMESTAMP : Long.parseLong(s[2]));
          case "w1" -> h.processWatermark1(Long.parseLong(s[1]));
          case "w2" -> h.processWatermark2(Long.parseLong(s[1]));
          case "w" -> h.processBothWatermarks(Long.parseLong(s[1]));
          case "p" -> h.setProcessingTime(Long.parseLong(s[1]));
          default -> throw new IllegalArgumentException("unknown step " + String.join(" ", s));
        }
      }
      for (Object e : h.events()) {
        if (e instanceof Emitted<?> r) {
          out.add("out " + ts(r.timestamp()) + " " + r.value());
        } else if (e instanceof SideEmitted<?> r) {
          out.add("side " + r.tag().getId() + " " + ts(r.timestamp()) + " " + r.value());
        } else if (e instanceof io.weft.dataplane.element.Watermark w) {
          out.add("wm " + w.timestamp());
        }
      }
    }
    return out;
  }

  private static String ts(long timestamp) {
    return timestamp == StreamRecord.NO_TIMESTAMP ? "-" : Long.toString(timestamp);
  }
}
