package io.weft.it.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.connectors.files.sink.FileSink;
import io.weft.it.MiniYarn;
import io.weft.it.yarn.jobs.AutoscaledCountJob;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The autoscaler on YARN and HDFS: a keyed, checkpointed job through the exactly-once files sink,
 * TaskManagers of one slot, {@code job.autoscaler.enabled} with short windows and at most 2
 * TaskManager containers. Its input flows at a fixed rate; for a middle range of numbers each costs
 * the keyed function 5 ms, so demand rises above one subtask's capacity and falls back below it. The
 * autoscaler must scale the keyed task up (YARN counts 1+1, then 1+2 containers) and back down (1+1)
 * by itself, in the same application, and every number is committed exactly once with each key's
 * running counts 1..n.
 */
class AutoscaleYarnTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RATE = 300;
  private static final long HEAVY_FROM = 3_000;
  private static final long HEAVY_TO = HEAVY_FROM + RATE * 50L;
  private static final long COUNT = HEAVY_TO + RATE * 80L;

  @TempDir static Path dir;
  private static MiniYarn clusters;
  private static YarnClient client;
  private static Path jobJar;

  @BeforeAll
  static void start() throws Exception {
    clusters = MiniYarn.start("weft-autoscale", dir, 8192, 8, conf -> {});
    client = clusters.client();
    jobJar = clusters.jobsJarWith(FileSink.class, "autoscale-job.jar");
  }

  @AfterAll
  static void stop() throws Exception {
    if (clusters != null) {
      clusters.close();
    }
  }

  @AfterEach
  void killWhatIsStillRunning() throws Exception {
    clusters.killRunningApplications();
  }

  @Test
  void scalesUpWhenDemandExceedsCapacityAndBackDownWhenItFallsWithExactOutput() throws Exception {
    String output = clusters.fs().getUri() + "/autoscaled";
    CompletableFuture<MiniYarn.Result> run = CompletableFuture.supplyAsync(() -> clusters.weft("run", "-m",
        "yarn-cluster", "-yjm", "768", "-ytm", "1024", "-ys", "1", "-yp", "1",
        "-yD", "execution.checkpointing.interval=1s",
        "-yD", "state.checkpoints.dir=" + clusters.fs().getUri() + "/checkpoints",
        "-yD", "job.autoscaler.enabled=true",
        "-yD", "job.autoscaler.evaluation.interval=2s",
        "-yD", "job.autoscaler.metrics.window=15s",
        "-yD", "job.autoscaler.stabilization.interval=4s",
        "-yD", "job.autoscaler.target.utilization.boundary=0.2",
        "-yD", "job.autoscaler.max-containers=2",
        "-c", AutoscaledCountJob.class.getName(), jobJar.toString(), output, Long.toString(COUNT),
        Integer.toString(RATE), Long.toString(HEAVY_FROM), Long.toString(HEAVY_TO), "5"));
    ApplicationId id;
    try {
      id = clusters.awaitApplication(run, YarnApplicationState.RUNNING);
      Await.until("the job runs on 1+1 containers", Duration.ofSeconds(120), () -> clusters.runningContainersReportedByYarn(id) == 2);
      awaitContainers(id, 3, run, "the autoscaler scales up while the costly numbers flow (1+2 containers)");
      String upAction = awaitAction(id, "=2}");
      awaitContainers(id, 2, run, "the autoscaler scales back down once they passed (1+1 containers)");
      String downAction = awaitAction(id, "=1}");
      JsonNode scaling = scaling(id);
      System.out.println("AUTOSCALER up: " + upAction + "\nAUTOSCALER down: " + downAction + "\nAUTOSCALER state: "
          + scaling);

      MiniYarn.Result result = run.get(600, TimeUnit.SECONDS);
      assertEquals(0, result.exitCode(), result.out() + result.err());
      assertEquals(FinalApplicationStatus.SUCCEEDED, client.getApplicationReport(id).getFinalApplicationStatus());
      assertEquals(1, client.getApplications().size(), "one application all along");
    } finally {
      killWhatIsStillRunning();
    }

    List<String> lines = clusters.committedLines(output);
    Map<Long, Integer> timesSeen = new HashMap<>();
    Map<Long, List<Long>> countsByKey = new HashMap<>();
    for (String line : lines) {
      String[] f = line.split(",");
      timesSeen.merge(Long.parseLong(f[0]), 1, Integer::sum);
      countsByKey.computeIfAbsent(Long.parseLong(f[1]), k -> new ArrayList<>()).add(Long.parseLong(f[2]));
    }
    assertEquals(COUNT, timesSeen.size(), "every number was committed");
    assertTrue(timesSeen.values().stream().allMatch(n -> n == 1), "no number was committed twice");
    assertEquals(COUNT, lines.size());
    for (Map.Entry<Long, List<Long>> e : countsByKey.entrySet()) {
      List<Long> counts = new ArrayList<>(e.getValue());
      counts.sort(null);
      for (int i = 0; i < counts.size(); i++) {
        assertEquals(i + 1, counts.get(i), "key " + e.getKey() + ": each running count once");
      }
    }
  }

  private static void awaitContainers(ApplicationId id, int n, CompletableFuture<MiniYarn.Result> run, String what) {
    Await.until(what, Duration.ofSeconds(240), () -> {
      if (run.isDone()) {
        throw new AssertionError("the job ended first: " + run.get().out() + run.get().err());
      }
      return clusters.runningContainersReportedByYarn(id) == n;
    });
  }

  /** The autoscaler's last action once it is a completed rescale to {@code to} (the containers come first). */
  private static String awaitAction(ApplicationId id, String to) {
    return Await.value("the autoscaler reports its rescale to " + to, Duration.ofSeconds(60), () -> {
      String action = scaling(id).path("lastAction").asText();
      return action.startsWith("rescaled task(s)") && action.contains(to) ? action : null;
    });
  }

  /** The AM's api/v1/scaling, through its tracking URL. */
  private static JsonNode scaling(ApplicationId id) throws Exception {
    String tracking = client.getApplicationReport(id).getOriginalTrackingUrl();
    return JSON.readTree(get(tracking + "api/v1/scaling"));
  }

  private static String get(String url) throws Exception {
    HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
    c.setRequestProperty("Accept", "application/json");
    c.setConnectTimeout(2000);
    c.setReadTimeout(10_000);
    try (InputStream in = c.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      c.disconnect();
    }
  }
}
