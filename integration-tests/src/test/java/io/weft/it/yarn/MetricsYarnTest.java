package io.weft.it.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.it.MiniYarn;
import io.weft.it.SharedYarn;
import io.weft.it.yarn.jobs.HoldingJob;
import io.weft.it.yarn.jobs.MetricsJob;
import io.weft.testing.Await;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Metrics as a Prometheus server meets them: {@code /metrics} scraped through the ResourceManager's
 * proxy of a real job on MiniYARNCluster and MiniDFSCluster. A user's counter registered in a rich
 * function's metric group arrives with the exact count its subtasks made from the input, labelled as
 * Flink's Prometheus reporter labels it, and every TaskManager reports its heap and garbage collectors.
 */
@Timeout(600)
class MetricsYarnTest {
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{(.*)} (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  @RegisterExtension static final SharedYarn YARN = SharedYarn.small();
  @TempDir static Path dir;
  private static MiniYarn clusters;

  @BeforeAll
  static void startClusters() throws Exception {
    clusters = YARN.clusters();
  }

  record Sample(String name, Map<String, String> labels, double value) {}

  @Test
  void prometheusScrapeThroughTheProxyHasTheUserCounterAndEveryTaskManagersJvm() throws Exception {
    // Two TaskManagers of one slot each: the two "Count" subtasks run in different JVMs.
    MiniYarn.Result submitted = MiniYarn.weft(clusters.environment(), "run", "-m", "yarn-cluster", "-d", "-yjm",
        "768", "-ytm", "1024", "-ys", "1", "-c", MetricsJob.class.getName(), clusters.jobsJar().toString());
    assertEquals(0, submitted.exitCode(), submitted.out() + submitted.err());
    ApplicationId id = MiniYarn.applicationId(submitted.out());
    try {
      String proxy = clusters.awaitTrackingUrl(id, Duration.ofSeconds(120));
      long expected = LongStream.range(0, HoldingJob.COUNT).filter(x -> x % 3 == 0).count();
      String counter = "weft_taskmanager_job_task_operator_numbers_multiplesOfThree";
      // Heartbeats bring the figures every 5 s.
      List<Sample> samples = Await.value("the scrape has both Count subtasks' counters (summing to " + expected
          + "), two TaskManagers' heaps, and both Count subtasks idle", Duration.ofSeconds(300), () -> {
            List<Sample> scraped = scrape(proxy + "metrics");
            List<Sample> counts = named(scraped, counter);
            List<Sample> heaps = named(scraped, "weft_taskmanager_Status_JVM_Memory_Heap_Used");
            // The Count subtasks have read everything and wait: once a heartbeat interval passed, they are idle.
            List<Sample> idle = named(scraped, "weft_taskmanager_job_task_idleTimeMsPerSecond").stream()
                .filter(x -> x.labels().get("task_name").startsWith("Count") && x.value() > 900).toList();
            return counts.size() == 2 && counts.stream().mapToDouble(Sample::value).sum() == expected
                && heaps.size() == 2 && idle.size() == 2 ? scraped : null;
          });

      List<Sample> counts = named(samples, counter);
      Map<String, String> tmOfSubtask = new HashMap<>();
      for (Sample s : counts) {
        Map<String, String> l = s.labels();
        assertEquals(id.toString(), l.get("application"));
        assertEquals("Metrics job", l.get("job_name"));
        assertTrue(l.get("task_name").startsWith("Count"), l.toString());
        assertEquals("Count", l.get("operator_name"));
        assertEquals("multiples", l.get("numbers"), "the key/value group's value is a label");
        assertTrue(l.get("job_id").length() > 0 && l.get("tm_id").length() > 0, l.toString());
        tmOfSubtask.put(l.get("subtask_index"), l.get("tm_id"));
      }
      assertEquals(2, tmOfSubtask.size(), "both subtasks report: " + counts);
      assertTrue(!tmOfSubtask.get("0").equals(tmOfSubtask.get("1")), "one subtask per TaskManager: " + tmOfSubtask);

      // Built-in figures agree with the input: the two Count operators read every number.
      double in = named(samples, "weft_taskmanager_job_task_operator_numRecordsIn").stream()
          .filter(s -> s.labels().get("operator_name").equals("Count")).mapToDouble(Sample::value).sum();
      assertEquals(HoldingJob.COUNT, in, 0.0);
      assertEquals(HoldingJob.COUNT, operatorSum(samples, "weft_taskmanager_job_task_operator_numRecordsOut", "Count"),
          0.0, "Count emits every number");
      assertEquals(HoldingJob.COUNT, operatorSum(samples, "weft_taskmanager_job_task_operator_numRecordsIn", "Nothing"),
          0.0, "the chained filter is handed every number");
      assertEquals(0.0, operatorSum(samples, "weft_taskmanager_job_task_operator_numRecordsOut", "Nothing"),
          "the filter lets nothing through");
      double sourceOut = named(samples, "weft_taskmanager_job_task_numRecordsOut").stream()
          .filter(s -> s.labels().get("task_name").startsWith("Source: Numbers")).mapToDouble(Sample::value).sum();
      assertEquals(HoldingJob.COUNT, sourceOut, 0.0);
      List<Sample> histogramCounts = named(samples, "weft_taskmanager_job_task_operator_numbers_values_count");
      assertEquals(HoldingJob.COUNT, histogramCounts.stream().mapToDouble(Sample::value).sum(), 0.0);

      // Every TaskManager's JVM: heap used and max, and each collector's count and time.
      for (String tm : tmOfSubtask.values()) {
        double used = only(samples, "weft_taskmanager_Status_JVM_Memory_Heap_Used", tm);
        double max = only(samples, "weft_taskmanager_Status_JVM_Memory_Heap_Max", tm);
        assertTrue(used > 0 && used <= max, tm + " heap " + used + " of " + max);
        List<Sample> gcCounts = samples.stream().filter(s -> tm.equals(s.labels().get("tm_id")))
            .filter(s -> s.name().startsWith("weft_taskmanager_Status_JVM_GarbageCollector_")
                && s.name().endsWith("_Count")).toList();
        assertTrue(!gcCounts.isEmpty(), "garbage collectors of " + tm);
        for (Sample gc : gcCounts) {
          String time = gc.name().substring(0, gc.name().length() - "_Count".length()) + "_Time";
          assertTrue(gc.value() >= 0 && only(samples, time, tm) >= 0, gc + " and its time");
        }
        assertTrue(only(samples, "weft_taskmanager_Status_JVM_Threads_Count", tm) > 0);
      }

      pageShowsTheTables(proxy, tmOfSubtask.values());

      // The same through the REST API.
      String rest = get(proxy + "api/v1/metrics");
      assertTrue(rest.contains("\"multiplesOfThree\":"), rest);
      assertTrue(rest.contains("\"Status.JVM.Memory.Heap.Used\":"), rest);
    } finally {
      MiniYarn.weft(clusters.environment(), "cancel", id.toString());
    }
  }

  /** The page's metric tables in headless Chromium: a row per TaskManager, the Count subtasks' records. */
  private static void pageShowsTheTables(String proxy, java.util.Collection<String> taskManagers) throws Exception {
    Path screenshot = Path.of("target", "metrics-ui.png").toAbsolutePath();
    java.nio.file.Files.deleteIfExists(screenshot);
    try (Chromium chromium = new Chromium(dir)) {
      String dom = chromium.dumpDom(proxy);
      for (String tm : taskManagers) {
        Matcher heap = Pattern.compile("<tr data-tm=\"" + tm + "\" data-heap-used=\"(\\d+)\"").matcher(dom);
        assertTrue(heap.find() && Long.parseLong(heap.group(1)) > 0, "a row of " + tm + ": " + dom);
      }
      Matcher rows = Pattern.compile("<tr data-subtask=\"Count[^\"]*/([01])\" data-records-in=\"(\\d+)\"")
          .matcher(dom);
      long in = 0;
      int subtasks = 0;
      while (rows.find()) {
        in += Long.parseLong(rows.group(2));
        subtasks++;
      }
      assertEquals(2, subtasks, dom);
      assertEquals(HoldingJob.COUNT, in, "the subtask table adds up to the input");
      chromium.screenshot(proxy + "#metrics-view", screenshot, 1280, 1400);
      assertTrue(java.nio.file.Files.size(screenshot) > 0);
    }
  }

  private static double operatorSum(List<Sample> samples, String name, String operator) {
    return named(samples, name).stream().filter(s -> s.labels().get("operator_name").equals(operator))
        .mapToDouble(Sample::value).sum();
  }

  private static List<Sample> named(List<Sample> samples, String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  private static double only(List<Sample> samples, String name, String tm) {
    List<Sample> found = samples.stream().filter(s -> s.name().equals(name) && tm.equals(s.labels().get("tm_id")))
        .toList();
    assertEquals(1, found.size(), name + " of " + tm + ": " + found);
    return found.get(0).value();
  }

  /** The samples of a scrape, in Prometheus' text format (labelled samples: all of Weft's have labels). */
  private static List<Sample> scrape(String url) throws Exception {
    List<Sample> out = new ArrayList<>();
    for (String line : get(url).split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      assertTrue(m.matches(), "a sample line: " + line);
      Map<String, String> labels = new HashMap<>();
      Matcher l = LABEL.matcher(m.group(2));
      while (l.find()) {
        labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
      }
      out.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3).replace("+Inf", "Infinity")
          .replace("-Inf", "-Infinity"))));
    }
    return out;
  }

  private static String get(String url) throws Exception {
    HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
    c.setConnectTimeout(5000);
    c.setReadTimeout(10_000);
    try {
      int status = c.getResponseCode();
      try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
        String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(200, status, url + ": " + body);
        return body;
      }
    } finally {
      c.disconnect();
    }
  }
}
