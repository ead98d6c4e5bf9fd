package io.weft.it.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.it.MiniYarn;
import io.weft.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.webapp.util.WebAppUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The soak run ({@code -Psoak}, see docs/benchmarks.md): Nexmark Q5 (sliding and tumbling event-time
 * windows, keyed) with RocksDB, incremental 1 s checkpoints, on MiniYARN + MiniDFS with the
 * NodeManager's physical-memory check on, at a fixed rate for {@code soak.minutes} (30). Every
 * {@code soak.sampleSeconds} (60) it records throughput, checkpoints (count, duration, size, from the
 * ApplicationMaster's REST API), each container's RSS (from /proc) against its YARN limit, each
 * TaskManager's GC time (from /metrics) and the AM's RSS, into {@code target/soak/} and the log.
 *
 * <p>It fails if a checkpoint failed, if a container was killed or replaced or the job restarted,
 * if a container's RSS passed 90% of its YARN limit, if RocksDB's memory passed its budget, or if a
 * container's RSS grew after the warm-up (samples due after {@code soak.warmupMinutes}, a sixth of
 * the run by default, at least one minute): the mean RSS of the last third of those samples may
 * exceed the mean of the first third by at most 5%. Raw RSS: RocksDB's cache and memtables
 * included. RSS less RocksDB's memory in use is reported beside it, not judged.
 */
@Tag("soak")
class SoakTest {
  private static final Logger LOG = LoggerFactory.getLogger(SoakTest.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final Pattern GC_TIME =
      Pattern.compile("^weft_taskmanager_Status_JVM_GarbageCollector_\\w+_Time\\{(.*)\\} (\\S+)$");
  private static final Pattern TM_ID = Pattern.compile("tm_id=\"([^\"]+)\"");
  /** Each slot's RocksDB memory in use (block cache with the memtables charged to it) and its budget. */
  private static final Pattern MANAGED =
      Pattern.compile("^weft_taskmanager_slot_Status_Weft_Memory_Managed_(Used|Total)\\{(.*)\\} (\\S+)$");
  static final int TASK_MANAGER_MB = 1024;
  static final int JOB_MANAGER_MB = 768;
  /** RSS after the warm-up may grow by this share, last third against first third. */
  static final double GROWTH_LIMIT = 0.05;
  /** A container's RSS must stay within this share of its YARN limit. */
  static final double LIMIT_SHARE = 0.90;

  @TempDir Path dir;

  /**
   * One row of the table. {@code managedBytes} and {@code managedBudgetBytes}: each TaskManager's
   * RocksDB memory in use and its budget (its slots' managed memory), by container id.
   */
  record Sample(int index, double minutes, double eventsPerSecond, long checkpointsCompleted, long checkpointsFailed,
      double checkpointMillisMean, long checkpointMillisMax, long checkpointBytes, Map<String, Long> rssBytes,
      Map<String, Long> managedBytes, Map<String, Long> managedBudgetBytes, Map<String, Double> gcMillis,
      long amRssBytes) {}

  @Test
  void q5WithRocksDbAndOneSecondCheckpointsKeepsItsMemoryFlat() throws Exception {
    int minutes = Integer.getInteger("soak.minutes", 30);
    int warmup = Integer.getInteger("soak.warmupMinutes", Math.max(1, minutes / 6));
    int sampleSeconds = Integer.getInteger("soak.sampleSeconds", 60);
    long rate = Long.getLong("soak.rate", 4000);
    if (minutes <= warmup || minutes - warmup < 3 * sampleSeconds / 60.0) {
      throw new IllegalArgumentException("soak.minutes=" + minutes + " leaves too little after soak.warmupMinutes="
          + warmup + " for three samples of soak.sampleSeconds=" + sampleSeconds);
    }
    Path root = Path.of(System.getProperty("weft.root"));
    try (MiniYarn clusters = MiniYarn.start("weft-soak", dir, 8192, 8,
        conf -> conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, true))) {
      MiniYarn.Result run = clusters.weft("run", "-m", "yarn-cluster", "-d", "-yjm", "" + JOB_MANAGER_MB,
          "-ytm", "" + TASK_MANAGER_MB, "-ys", "1", "-yp", "2",
          "-yD", "state.backend=rocksdb", "-yD", "state.backend.incremental=true",
          "-yD", "execution.checkpointing.interval=1s",
          // The heap resident from the start: a JVM touching its -Xms heap for the first time grows its
          // RSS for many minutes at this allocation rate (up to -Xmx, never beyond), which would hide a
          // leak or pass for one; and the 90% check then sees the whole heap from the first sample.
          "-yD", "env.java.opts=-XX:+AlwaysPreTouch",
          "-yD", "state.checkpoints.dir=" + clusters.fs().getUri() + "/checkpoints",
          "-c", "io.weft.examples.nexmark.NexmarkSoak", root.resolve("examples/target/weft-examples.jar").toString(),
          "--rate", "" + rate);
      assertEquals(0, run.exitCode(), run.out() + run.err());
      ApplicationId app = MiniYarn.applicationId(run.out());
      String appPart = app.toString().substring("application_".length());
      String web = trackingUrl(clusters, app);
      Await.until("every task RUNNING", Duration.ofMinutes(3), () -> {
        try {
          return "RUNNING".equals(rest(web, "api/v1/overview").path("state").asText());
        } catch (IllegalStateException | java.io.IOException e) {
          return false; // the proxy before the ApplicationMaster's web server answers
        }
      });
      Map<String, ContainerProcesses.Jvm> first = Await.value("the three container JVMs", Duration.ofMinutes(1), () -> {
        Map<String, ContainerProcesses.Jvm> jvms = ContainerProcesses.of(appPart);
        return jvms.size() == 3 ? jvms : null;
      });
      LOG.info("Soak of {}: {} min ({} min warm-up), {} events/s, a sample every {} s; containers {}", app, minutes,
          warmup, rate, sampleSeconds, first.keySet());

      List<Sample> samples = new ArrayList<>();
      List<String> problems = new ArrayList<>();
      long start = System.nanoTime();
      long previousEvents = sourceRecords(web);
      long previousNanos = start;
      Map<String, Double> previousGc = gcMillis(web);
      long previousCompleted = rest(web, "api/v1/checkpoints").path("counts").path("completed").asLong();
      int samplesWanted = minutes * 60 / sampleSeconds;
      Path table = Files.createDirectories(Path.of("target", "soak")).resolve("soak-" + app + ".md");
      Files.writeString(table, header(first) + "\n");
      for (int i = 1; i <= samplesWanted; i++) {
        long due = start + Duration.ofSeconds((long) i * sampleSeconds).toNanos();
        Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
        long now = System.nanoTime();
        long events = sourceRecords(web);
        JsonNode checkpoints = rest(web, "api/v1/checkpoints");
        JsonNode overview = rest(web, "api/v1/overview");
        Map<String, Double> gc = gcMillis(web);
        Map<String, Map<String, Long>> managed = managedMemory(web);
        Map<String, ContainerProcesses.Jvm> jvms = ContainerProcesses.of(appPart);
        if (!jvms.keySet().equals(first.keySet())) {
          problems.add("sample " + i + ": the containers changed from " + first.keySet() + " to " + jvms.keySet()
              + " (killed or replaced)");
        }
        if (overview.path("restarts").asInt() > 0 || !"RUNNING".equals(overview.path("state").asText())) {
          problems.add("sample " + i + ": the job is " + overview.path("state").asText() + " after "
              + overview.path("restarts").asInt() + " restart(s)");
        }
        Sample s = sample(i, (now - start) / 60e9, (events - previousEvents) / ((now - previousNanos) / 1e9),
            checkpoints, previousCompleted, previousGc, gc, managed, first, jvms);
        samples.add(s);
        String row = row(s, first);
        LOG.info("Soak {} {}", app, row);
        Files.writeString(table, row + "\n", java.nio.file.StandardOpenOption.APPEND);
        previousEvents = events;
        previousNanos = now;
        previousGc = gc;
        previousCompleted = checkpoints.path("counts").path("completed").asLong();
        if (s.checkpointsFailed() > 0) {
          problems.add("sample " + i + ": " + s.checkpointsFailed() + " checkpoint(s) failed");
        }
        s.managedBytes().forEach((container, used) -> {
          long budget = s.managedBudgetBytes().getOrDefault(container, Long.MAX_VALUE);
          if (used > budget) {
            problems.add(String.format(Locale.ROOT, "sample %d: RocksDB in %s used %.0f MB, over its budget of %.0f MB",
                s.index(), container, used / 1048576.0, budget / 1048576.0));
          }
        });
      }
      JsonNode exceptions = rest(web, "api/v1/exceptions");
      MiniYarn.Result cancel = clusters.weft("cancel", app.toString());
      assertEquals(0, cancel.exitCode(), cancel.out() + cancel.err());

      problems.addAll(memoryProblems(samples, first, warmup, sampleSeconds));
      String verdict = problems.isEmpty() ? "PASSED" : "FAILED: " + String.join("; ", problems);
      Files.writeString(table, "\n" + rules(warmup) + "\n\n" + growth(samples, first, warmup, sampleSeconds)
          + "\nVerdict: " + verdict + "\n", java.nio.file.StandardOpenOption.APPEND);
      LOG.info("Soak {} {} (table in {}); exceptions: {}", app, verdict, table.toAbsolutePath(), exceptions);
      assertTrue(problems.isEmpty(), verdict + "\n" + Files.readString(table));
    }
  }

  /** The rules, as written under the table. */
  static String rules(int warmup) {
    return String.format(Locale.ROOT, "Rules: no failed checkpoint; no container killed or replaced, no restart;"
        + " every container's RSS <= %.0f%% of its YARN limit (TaskManagers %d MB, the AM %d MB); RocksDB's memory"
        + " in use within its budget; warm-up: the samples due in the first %d min; after it, for every container,"
        + " the mean RSS over the last third of the samples <= %.0f%% above the mean over the first third (raw RSS,"
        + " RocksDB included; heaps pre-touched).", LIMIT_SHARE * 100, TASK_MANAGER_MB, JOB_MANAGER_MB, warmup,
        GROWTH_LIMIT * 100);
  }

  /**
   * RSS within 90% of the container's limit, and flat after the warm-up: the mean RSS over the last
   * third of the samples after it at most 5% above the mean over the first third. Raw RSS, RocksDB's
   * cache and memtables included: they are part of what YARN measures, and since blocks of obsolete
   * files leave the cache with their file (RocksDbMemory) they follow the live state, not the run's
   * length.
   */
  static List<String> memoryProblems(List<Sample> samples, Map<String, ContainerProcesses.Jvm> containers,
      int warmupMinutes, int sampleSeconds) {
    List<String> problems = new ArrayList<>();
    for (ContainerProcesses.Jvm c : containers.values()) {
      int limitMb = c.applicationMaster() ? JOB_MANAGER_MB : TASK_MANAGER_MB;
      for (Sample s : samples) {
        Long rss = s.rssBytes().get(c.containerId());
        if (rss != null && rss > LIMIT_SHARE * limitMb * 1048576L) {
          problems.add(String.format(Locale.ROOT, "%s used %.0f MB at minute %.1f, over %.0f%% of its %d MB",
              c.containerId(), rss / 1048576.0, s.minutes(), LIMIT_SHARE * 100, limitMb));
          break;
        }
      }
      double[] thirds = thirds(afterWarmUp(samples, c, warmupMinutes, sampleSeconds, false));
      if (thirds == null) {
        problems.add(c.containerId() + " has fewer than 3 samples after the warm-up");
      } else if (thirds[1] > thirds[0] * (1 + GROWTH_LIMIT)) {
        problems.add(String.format(Locale.ROOT, "%s's RSS grew from %.0f MB to %.0f MB (+%.1f%%) after the warm-up",
            c.containerId(), thirds[0] / 1048576.0, thirds[1] / 1048576.0, 100 * (thirds[1] / thirds[0] - 1)));
      }
    }
    return problems;
  }

  /** Each container's growth after the warm-up, RSS and RSS less RocksDB's memory, as written under the table. */
  static String growth(List<Sample> samples, Map<String, ContainerProcesses.Jvm> containers, int warmupMinutes,
      int sampleSeconds) {
    StringBuilder b = new StringBuilder("After the warm-up, mean of the first third -> mean of the last third:\n");
    for (ContainerProcesses.Jvm c : containers.values()) {
      double[] raw = thirds(afterWarmUp(samples, c, warmupMinutes, sampleSeconds, false));
      double[] less = thirds(afterWarmUp(samples, c, warmupMinutes, sampleSeconds, true));
      if (raw == null) {
        continue;
      }
      b.append(String.format(Locale.ROOT, "- %s: RSS %.0f -> %.0f MB (%+.1f%%)", c.containerId(), raw[0] / 1048576.0,
          raw[1] / 1048576.0, 100 * (raw[1] / raw[0] - 1)));
      if (!c.applicationMaster()) {
        b.append(String.format(Locale.ROOT, "; less RocksDB's memory in use %.0f -> %.0f MB (%+.1f%%)",
            less[0] / 1048576.0, less[1] / 1048576.0, 100 * (less[1] / less[0] - 1)));
      }
      b.append('\n');
    }
    return b.toString();
  }

  /** A container's RSS (less RocksDB's memory in use if asked) in the samples due after the warm-up. */
  private static List<Long> afterWarmUp(List<Sample> samples, ContainerProcesses.Jvm c, int warmupMinutes,
      int sampleSeconds, boolean lessRocksDb) {
    List<Long> after = new ArrayList<>();
    for (Sample s : samples) {
      Long rss = s.rssBytes().get(c.containerId());
      // By the sample's due time: one due at the end of the warm-up is taken a little after it, and is not after it.
      if ((long) s.index() * sampleSeconds > warmupMinutes * 60L && rss != null) {
        after.add(rss - (lessRocksDb ? s.managedBytes().getOrDefault(c.containerId(), 0L) : 0));
      }
    }
    return after;
  }

  /** The means of the first and the last third of the values; null for fewer than three. */
  private static double[] thirds(List<Long> values) {
    if (values.size() < 3) {
      return null;
    }
    int third = values.size() / 3;
    return new double[] {
        values.subList(0, third).stream().mapToLong(Long::longValue).average().orElse(0),
        values.subList(values.size() - third, values.size()).stream().mapToLong(Long::longValue).average().orElse(0)};
  }

  private static Sample sample(int index, double minutes, double eventsPerSecond, JsonNode checkpoints,
      long previousCompleted, Map<String, Double> previousGc, Map<String, Double> gc,
      Map<String, Map<String, Long>> managed, Map<String, ContainerProcesses.Jvm> containers,
      Map<String, ContainerProcesses.Jvm> jvms) {
    long completed = checkpoints.path("counts").path("completed").asLong();
    long failed = checkpoints.path("counts").path("failed").asLong();
    long sum = 0;
    long max = 0;
    int n = 0;
    long bytes = -1;
    for (JsonNode e : checkpoints.path("history")) {
      if ("COMPLETED".equals(e.path("status").asText())) {
        long d = e.path("durationMillis").asLong();
        sum += d;
        max = Math.max(max, d);
        n++;
        if (bytes < 0) {
          bytes = e.path("sizeBytes").asLong(); // newest first
        }
      }
    }
    Map<String, Long> rss = new TreeMap<>();
    long am = -1;
    for (ContainerProcesses.Jvm c : containers.values()) {
      ContainerProcesses.Jvm now = jvms.get(c.containerId());
      if (now != null) {
        rss.put(c.containerId(), now.rssBytes());
        if (now.applicationMaster()) {
          am = now.rssBytes();
        }
      }
    }
    Map<String, Double> gcDelta = new TreeMap<>();
    gc.forEach((tm, ms) -> gcDelta.put(tm, ms - previousGc.getOrDefault(tm, 0.0)));
    return new Sample(index, minutes, eventsPerSecond, completed - previousCompleted, failed,
        n == 0 ? -1 : (double) sum / n, max, bytes, rss, managed.get("Used"), managed.get("Total"), gcDelta, am);
  }

  private static String header(Map<String, ContainerProcesses.Jvm> containers) {
    StringBuilder h = new StringBuilder("| sample | minute | records/s out of the sources (bids, 46 of 50 events) | checkpoints completed | checkpoint ms, mean"
        + " (max) of the latest 20 | latest checkpoint size, KiB |");
    StringBuilder line = new StringBuilder("|---:|---:|---:|---:|---:|---:|");
    for (ContainerProcesses.Jvm c : containers.values()) {
      if (!c.applicationMaster()) {
        h.append(" RSS MB (% of ").append(TASK_MANAGER_MB).append("), RocksDB MB ").append(shortId(c.containerId()))
            .append(" |");
        line.append("---:|");
      }
    }
    h.append(" GC ms in the interval, per TaskManager | AM RSS MB (% of ").append(JOB_MANAGER_MB).append(") |");
    line.append("---|---:|");
    return h + "\n" + line;
  }

  private static String row(Sample s, Map<String, ContainerProcesses.Jvm> containers) {
    StringBuilder r = new StringBuilder(String.format(Locale.ROOT, "| %d | %.1f | %.0f | %d | %.0f (%d) | %.0f |",
        s.index(), s.minutes(), s.eventsPerSecond(), s.checkpointsCompleted(), s.checkpointMillisMean(),
        s.checkpointMillisMax(), s.checkpointBytes() / 1024.0));
    for (ContainerProcesses.Jvm c : containers.values()) {
      if (!c.applicationMaster()) {
        Long rss = s.rssBytes().get(c.containerId());
        long rocksDb = s.managedBytes().getOrDefault(c.containerId(), -1L);
        r.append(rss == null ? " gone |" : String.format(Locale.ROOT, " %.0f (%.0f%%), %s |", rss / 1048576.0,
            100.0 * rss / (TASK_MANAGER_MB * 1048576.0), rocksDb < 0 ? "?" : String.format(Locale.ROOT, "%.0f",
            rocksDb / 1048576.0)));
      }
    }
    StringBuilder gc = new StringBuilder();
    s.gcMillis().forEach((tm, ms) -> gc.append(gc.length() == 0 ? "" : ", ").append(tm).append(' ')
        .append(String.format(Locale.ROOT, "%.0f", ms)));
    r.append(' ').append(gc).append(String.format(Locale.ROOT, " | %.0f (%.0f%%) |", s.amRssBytes() / 1048576.0,
        100.0 * s.amRssBytes() / (JOB_MANAGER_MB * 1048576.0)));
    return r.toString();
  }

  private static String shortId(String containerId) {
    return containerId.substring(containerId.lastIndexOf('_') + 1);
  }

  /** Records the source tasks sent so far, over all subtasks. */
  private static long sourceRecords(String web) throws Exception {
    long total = 0;
    for (JsonNode v : rest(web, "api/v1/vertices").path("vertices")) {
      if (v.path("source").asBoolean()) {
        total += v.path("recordsOut").asLong();
      }
    }
    return total;
  }

  /** Each TaskManager's GC time so far (all collectors), from the Prometheus page. */
  private static Map<String, Double> gcMillis(String web) throws Exception {
    Map<String, Double> gc = new HashMap<>();
    for (String line : get(web + "metrics").split("\n")) {
      Matcher m = GC_TIME.matcher(line);
      if (m.matches()) {
        Matcher tm = TM_ID.matcher(m.group(1));
        if (tm.find()) {
          gc.merge(tm.group(1), Double.parseDouble(m.group(2)), Double::sum);
        }
      }
    }
    return gc;
  }

  /**
   * Each TaskManager's RocksDB memory in use ("Used") and its budget ("Total"), its slots' sum, by
   * the container the TaskManager runs in.
   */
  private static Map<String, Map<String, Long>> managedMemory(String web) throws Exception {
    Map<String, String> containerOf = new HashMap<>();
    for (JsonNode tm : rest(web, "api/v1/taskmanagers").path("taskManagers")) {
      containerOf.put(tm.path("id").asText(), tm.path("container").path("id").asText());
    }
    Map<String, Map<String, Long>> managed = new HashMap<>(Map.of("Used", new TreeMap<>(), "Total", new TreeMap<>()));
    for (String line : get(web + "metrics").split("\n")) {
      Matcher m = MANAGED.matcher(line);
      if (m.matches()) {
        Matcher tm = TM_ID.matcher(m.group(2));
        if (tm.find() && containerOf.containsKey(tm.group(1))) {
          managed.get(m.group(1)).merge(containerOf.get(tm.group(1)), (long) Double.parseDouble(m.group(3)),
              Long::sum);
        }
      }
    }
    return managed;
  }

  private static JsonNode rest(String web, String path) throws Exception {
    return JSON.readTree(get(web + path));
  }

  /** The page's body; a failed request is tried twice more (the proxy on a busy machine), then it fails. */
  private static String get(String url) throws Exception {
    Exception last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
            .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return r.body();
        }
        last = new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
      } catch (java.io.IOException e) {
        last = e;
      }
      LOG.warn("Soak: {} failed ({}), trying again", url, last.toString());
      Thread.sleep(2_000);
    }
    throw last;
  }

  /** The application's web address through the ResourceManager's proxy, once it runs. */
  private static String trackingUrl(MiniYarn clusters, ApplicationId id) {
    return Await.value("the application's tracking URL", Duration.ofMinutes(3), () -> {
      ApplicationReport r = clusters.client().getApplicationReport(id);
      assertTrue(!r.getYarnApplicationState().toString().matches("FINISHED|FAILED|KILLED"), r.toString());
      if (r.getYarnApplicationState() != YarnApplicationState.RUNNING || r.getTrackingUrl() == null
          || !r.getTrackingUrl().startsWith("http")) {
        return null;
      }
      // MiniYARNCluster reports the proxy at port 0 before its web app bound its port (see WebUiTest).
      String url = r.getTrackingUrl().replaceFirst("^http://[^/]+:0/",
          "http://" + WebAppUtils.getRMWebAppURLWithoutScheme(clusters.yarn().getConfig()) + "/");
      return url.endsWith("/") ? url : url + "/";
    });
  }
}
