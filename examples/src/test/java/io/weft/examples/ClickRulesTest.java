package io.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.environment.StreamEnvironment;
import io.weft.core.config.Configuration;
import io.weft.core.config.CoreOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs ClickRules bounded in a local environment. When a rule arrives relative to the clicks
 * depends on scheduling, so alerts are checked against the thresholds rules can set; the totals
 * are exact.
 */
@Timeout(120)
class ClickRulesTest {
  private static final int EVENTS = 20_000;
  @TempDir Path dir;

  @AfterEach
  void resetContext() {
    StreamEnvironment.setContextConfiguration(null);
  }

  @Test
  void everyPageTotalIsExactAndAlertsFollowAThreshold() throws Exception {
    Configuration conf = new Configuration();
    conf.set(CoreOptions.DEFAULT_PARALLELISM, 2);
    StreamEnvironment.setContextConfiguration(conf);
    Path output = dir.resolve("out");
    ClickRules.main(new String[] {"--events", String.valueOf(EVENTS), "--output", output.toString()});

    Map<String, Long> expected = new TreeMap<>();
    for (long i = 0; i < EVENTS; i++) {
      expected.merge(WindowedClicks.click(i).page(), 1L, Long::sum);
    }
    Map<String, Long> totals = new TreeMap<>();
    int alerts = 0;
    for (String line : lines(output)) {
      String[] f = line.split("\t");
      switch (f[0]) {
        case "TOTAL" -> assertEquals(null, totals.put(f[1], Long.parseLong(f[2])), "one total per page");
        case "ALERT" -> {
          alerts++;
          long threshold = Long.parseLong(f[3]);
          assertTrue(Set.of(50L, 75L, 100L, 125L, 150L).contains(threshold), line);
          assertEquals(0, Long.parseLong(f[2]) % threshold, line);
        }
        case "RULE" -> {
          assertTrue(Set.of(50L, 75L, 100L, 125L, 150L).contains(Long.parseLong(f[2])), line);
          assertTrue(Long.parseLong(f[4]) >= 1, "a visited page has clicks: " + line);
        }
        default -> throw new AssertionError("unexpected line " + line);
      }
    }
    assertEquals(expected, totals);
    assertTrue(alerts > 0, "some alerts");
  }

  private static List<String> lines(Path dir) throws Exception {
    List<String> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        all.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
      }
    }
    return all;
  }
}
