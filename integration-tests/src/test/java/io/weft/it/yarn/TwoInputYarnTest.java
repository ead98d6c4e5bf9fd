package io.weft.it.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.it.MiniYarn;
import io.weft.it.SharedYarn;
import io.weft.it.yarn.jobs.KeyedCoProcessSumJob;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A two-input keyed job on YARN across two TaskManagers ({@code -ys 1 -yp 2}): both inputs'
 * records cross the network to the subtask owning their key, and every key's sum is exact.
 */
class TwoInputYarnTest {
  @RegisterExtension static final SharedYarn YARN = SharedYarn.standard();
  @TempDir static Path dir;
  private static MiniYarn clusters;
  private static Path jobsJar;

  @BeforeAll
  static void startClusters() throws Exception {
    clusters = YARN.clusters();
    jobsJar = clusters.jobsJar();
  }

  @Test
  void aKeyedCoProcessJobRunsOnTwoTaskManagers() throws Exception {
    String output = clusters.fs().getUri() + "/out/co-process";
    MiniYarn.Result result = clusters.weft("run", "-m", "yarn-cluster", "-yjm", "768", "-ytm", "1024", "-ys", "1",
        "-yp", "2", "-c", KeyedCoProcessSumJob.class.getName(), jobsJar.toString(), output);
    assertEquals(0, result.exitCode(), result.out() + result.err());
    List<String> expected = new ArrayList<>();
    for (long k = 0; k < 10; k++) {
      long sum = 1_000_000;
      for (long v = k; v < KeyedCoProcessSumJob.COUNT; v += 10) {
        sum += v;
      }
      expected.add(k + "\t" + sum);
    }
    List<String> lines = new ArrayList<>();
    for (FileStatus part : clusters.fs().listStatus(new org.apache.hadoop.fs.Path(output))) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(clusters.fs().open(part.getPath()),
          StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          lines.add(line);
        }
      }
    }
    lines.sort(null);
    assertEquals(expected, lines);
  }

  /**
   * Nexmark Q3 (keyed co-process) and Q8 (window coGroup) from the examples jar on two
   * TaskManagers give Flink 1.20's answer on the same 50,000 generated events
   * (examples/src/test/resources/nexmark/*.flink, from scripts/bench/flink-two-input/run.sh).
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"q3", "q8"})
  void nexmarkJoinsGiveFlinksAnswerOnTwoTaskManagers(String query) throws Exception {
    Path root = Path.of(System.getProperty("weft.root"));
    String output = clusters.fs().getUri() + "/out/nexmark-" + query;
    MiniYarn.Result result = clusters.weft("run", "-m", "yarn-cluster", "-yjm", "768", "-ytm", "1024", "-ys", "1",
        "-yp", "2", "-c", "io.weft.examples.nexmark.JoinQueries",
        root.resolve("examples/target/weft-examples.jar").toString(),
        "--query", query, "--events", "50000", "--rate", "200", "--output", output);
    assertEquals(0, result.exitCode(), result.out() + result.err());
    List<String> lines = new ArrayList<>();
    for (FileStatus part : clusters.fs().listStatus(new org.apache.hadoop.fs.Path(output))) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(clusters.fs().open(part.getPath()),
          StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          lines.add(line);
        }
      }
    }
    lines.sort(null);
    List<String> expected = java.nio.file.Files.readAllLines(
        root.resolve("examples/src/test/resources/nexmark/" + query + ".flink"));
    assertEquals(expected, lines);
  }
}
