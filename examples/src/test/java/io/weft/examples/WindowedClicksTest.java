package io.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.environment.StreamEnvironment;
import io.weft.core.config.Configuration;
import io.weft.core.config.CoreOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs WindowedClicks bounded in a local environment and checks that every click is accounted
 * for exactly once: either in its (page, window)'s final count, or as a LATE line.
 *
 * <p>Which clicks come too late depends on when the periodic watermarks happen, so the test does
 * not predict them; it reads them from the LATE lines. The rest is exact: a window only grows
 * until its state is removed (watermark past end + 5 s), and after that every click for it is
 * late, so a window's largest count is its final one and equals the number of its clicks minus
 * its late ones.
 */
@Timeout(120)
class WindowedClicksTest {
  private static final int EVENTS = 30_000;
  @TempDir Path dir;

  @AfterEach
  void resetContext() {
    StreamEnvironment.setContextConfiguration(null);
  }

  @Test
  void everyClickIsCountedOnceOrReportedLate() throws Exception {
    Configuration conf = new Configuration();
    conf.set(CoreOptions.DEFAULT_PARALLELISM, 2);
    // Frequent watermarks and a paced source (about 1.5 s), so that event time moves on during
    // the run and the 30-40 s late clicks are dropped rather than all counted at the end.
    conf.set(CoreOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(10));
    StreamEnvironment.setContextConfiguration(conf);
    Path output = dir.resolve("out");
    WindowedClicks.main(new String[] {"--events", String.valueOf(EVENTS), "--rate", "20000",
        "--output", output.toString()});

    Map<String, Long> finalCounts = new HashMap<>();
    Map<String, Long> lateByWindow = new HashMap<>();
    long late = 0;
    for (String line : lines(output)) {
      String[] f = line.split("\t");
      if (f[0].equals("LATE")) {
        late++;
        lateByWindow.merge(f[1] + "@" + windowStart(Long.parseLong(f[3])), 1L, Long::sum);
      } else {
        assertEquals(4, f.length, line);
        long start = Long.parseLong(f[1]);
        assertEquals(start + 10_000, Long.parseLong(f[2]), line);
        assertEquals(0, start % 10_000, line);
        finalCounts.merge(f[0] + "@" + start, Long.parseLong(f[3]), Math::max);
      }
    }
    long counted = finalCounts.values().stream().mapToLong(Long::longValue).sum();
    assertEquals(EVENTS, counted + late, "counted " + counted + " + late " + late);
    assertTrue(late > 0, "the 30-40 s late clicks should be dropped once watermarks move on");

    // Independently: the clicks of each (page, window), minus the ones reported late.
    Map<String, Long> expected = new HashMap<>();
    for (long i = 0; i < EVENTS; i++) {
      WindowedClicks.Click c = WindowedClicks.click(i);
      expected.merge(c.page() + "@" + windowStart(c.timestamp()), 1L, Long::sum);
    }
    lateByWindow.forEach((w, n) -> expected.merge(w, -n, Long::sum));
    expected.values().removeIf(n -> n == 0); // windows whose every click came late never fired
    assertEquals(expected, finalCounts);
  }

  private static long windowStart(long timestamp) {
    return timestamp - Math.floorMod(timestamp, 10_000);
  }

  private static List<String> lines(Path output) throws Exception {
    List<String> all = new ArrayList<>();
    try (Stream<Path> parts = Files.list(output)) {
      for (Path part : (Iterable<Path>) parts.filter(p -> p.getFileName().toString().startsWith("part-"))::iterator) {
        all.addAll(Files.readAllLines(part, StandardCharsets.UTF_8));
      }
    }
    return all;
  }
}
