package io.weft.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark jobs give the anchor's outputs and print the anchor's line format. */
class AnchorBenchTest {
  @TempDir Path tmp;

  private static String run(String... args) throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      AnchorBench.main(args);
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8).strip();
  }

  @Test
  void j2CountsAsManyWindowsAsFlinkOnTheSameInput() throws Exception {
    // 107,982 is what the anchor (Apache Flink 1.20.1) prints for J2 on 1,000,000 records at p=2.
    String line = run("--job", "J2", "--records", "1000000", "--parallelism", "2");
    assertTrue(line.matches("engine=weft job=J2 backend=none p=2 records=1000000 outputs=107982 seconds=[0-9.]+ "
        + "rps=[0-9]+ steady_seconds=[0-9.]+ steady_rec_s=[0-9]+"), line);
  }

  @Test
  void j3WithSlicesCountsAsManyWindowsAsFlink() throws Exception {
    // 197,985 is what the anchor (Apache Flink 1.20.1) prints for J3 on 1,000,000 records at p=2.
    String line = run("--job", "J3", "--records", "1000000", "--parallelism", "2");
    assertTrue(line.startsWith("engine=weft job=J3 backend=none p=2 records=1000000 outputs=197985 "), line);
  }

  @Test
  void j1WithRocksDbCheckpointsEmitsEveryRunningSum() throws Exception {
    String line = run("--job", "J1", "--backend", "rocksdb", "--records", "200000", "--parallelism", "2",
        "--checkpoint-dir", tmp.toUri().toString());
    assertTrue(line.startsWith("engine=weft job=J1 backend=rocksdb p=2 records=200000 outputs=200000 "), line);
  }

  @Test
  void latencyPercentilesComeFromTheirBuckets() {
    LatencyHistogram h = new LatencyHistogram();
    for (long v = 1; v <= 1000; v++) {
      h.record(v);
    }
    h.record(5_000_000);
    assertEquals(1001, h.count());
    assertEquals(501, h.percentile(0.5), 8, "within the bucket width of 1/64");
    assertTrue(h.percentile(0.5) >= 501);
    assertTrue(h.percentile(1.0) >= 5_000_000 && h.percentile(1.0) < 5_000_000 * 1.02, "" + h.percentile(1.0));
    assertEquals(101, h.percentile(0.1), "exact below 128: the 101st of 1001 samples");
  }
}
