package io.weft.it.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.connectors.files.sink.FileSink;
import io.weft.it.MiniYarn;
import io.weft.it.SharedYarn;
import io.weft.it.yarn.jobs.RescaledCountJob;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.SignalContainerCommand;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An in-place rescale on YARN and HDFS: a keyed, checkpointed job writing through the exactly-once
 * files sink, with TaskManagers of two slots, goes from parallelism 2 to 4 with {@code weft rescale}
 * while its input flows; then its ApplicationMaster container is killed, and the next attempt must
 * run it at 4 too (the rescale's record in the staging directory) on the two kept TaskManagers; that
 * attempt rescales it back to 2. The application stays the same, YARN's REST API counts its
 * containers 1+1, then 1+2 (also after the new attempt), then 1+1, and once the bounded input ended
 * every number is committed exactly once with each key's running count 1..n once (the keyed state
 * moved with its key groups). The pauses are printed (from the JobManager's answer, and from the
 * committed records' times), not asserted.
 */
class RescaleYarnTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** At RATE, 110 s of input: the rescales and the new attempt happen while it flows. */
  private static final long COUNT = 66_000;
  private static final int RATE = 600;
  private static final Pattern PAUSE = Pattern.compile("the tasks paused (\\d+) ms");

  @RegisterExtension static final SharedYarn YARN = SharedYarn.standard();
  private static MiniYarn clusters;
  private static YarnClient client;
  private static Path jobJar;

  @BeforeAll
  static void start() throws Exception {
    clusters = YARN.clusters();
    client = clusters.client();
    jobJar = clusters.jobsJarWith(FileSink.class, "rescale-job.jar");
  }

  @Test
  void scalesFromTwoToFourAndBackInPlaceAcrossAnApplicationMasterAttemptWithExactOutput() throws Exception {
    Set<ApplicationId> applicationsBefore = applications();
    String output = clusters.fs().getUri() + "/rescaled";
    CompletableFuture<MiniYarn.Result> run = CompletableFuture.supplyAsync(() -> clusters.weft("run", "-m",
        "yarn-cluster", "-yjm", "768", "-ytm", "1024", "-ys", "2", "-yp", "2",
        "-yD", "execution.checkpointing.interval=1s",
        "-yD", "state.checkpoints.dir=" + clusters.fs().getUri() + "/checkpoints",
        "-c", RescaledCountJob.class.getName(), jobJar.toString(), output, Long.toString(COUNT),
        Integer.toString(RATE)));
    List<Long> pauses = new ArrayList<>();
    ApplicationId id;
    try {
      id = clusters.awaitApplication(run, YarnApplicationState.RUNNING);
      awaitCommitted(output, 1, run);
      assertEquals(2, clusters.runningContainersReportedByYarn(id), "1 ApplicationMaster + 1 TaskManager of 2 slots at p=2");

      pauses.add(rescale(id, "4", "TaskManagers 1 -> 2"));
      // The JobManager paused only once it registered; YARN's count follows its NodeManager's heartbeat.
      Await.until("YARN counts 1+2 containers", Duration.ofSeconds(30), () -> clusters.runningContainersReportedByYarn(id) == 3);
      int before = clusters.committedLines(output).size();
      awaitCommitted(output, before + RATE, run); // input flows at p=4

      killTheApplicationMaster(id);
      JsonNode vertices = JSON.readTree(get(trackingUrl(id) + "api/v1/vertices"));
      assertTrue(vertices.path("vertices").size() >= 2, "the source and the keyed count: " + vertices);
      for (JsonNode v : vertices.path("vertices")) {
        assertEquals(4, v.path("parallelism").asInt(), "attempt 2 runs the rescaled parallelism: " + vertices);
      }
      Await.until("YARN counts the new ApplicationMaster and the 2 kept TaskManagers", Duration.ofSeconds(30),
          () -> clusters.runningContainersReportedByYarn(id) == 3);
      int beforeSecond = clusters.committedLines(output).size();
      awaitCommitted(output, beforeSecond + RATE, run); // input flows in attempt 2
      assertEquals(3, clusters.runningContainersReportedByYarn(id), "attempt 2 asked for no container, released none");

      pauses.add(rescale(id, "2", "TaskManagers 2 -> 1"));
      Await.until("YARN counts 1+1 containers again", Duration.ofSeconds(60), () -> clusters.runningContainersReportedByYarn(id) == 2);
      assertTrue(!run.isDone(), "the job still runs after both rescales");

      MiniYarn.Result result = run.get(600, TimeUnit.SECONDS);
      assertEquals(0, result.exitCode(), result.out() + result.err());
      assertEquals(FinalApplicationStatus.SUCCEEDED, client.getApplicationReport(id).getFinalApplicationStatus());
      Set<ApplicationId> submitted = applications();
      submitted.removeAll(applicationsBefore);
      assertEquals(Set.of(id), submitted, "one application all along");
    } finally {
      clusters.killRunningApplications();
    }

    List<String> lines = clusters.committedLines(output);
    Map<Long, Integer> timesSeen = new HashMap<>();
    Map<Long, List<Long>> countsByKey = new HashMap<>();
    List<Long> millis = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.split(",");
      timesSeen.merge(Long.parseLong(f[0]), 1, Integer::sum);
      countsByKey.computeIfAbsent(Long.parseLong(f[1]), k -> new ArrayList<>()).add(Long.parseLong(f[2]));
      millis.add(Long.parseLong(f[3]));
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
    millis.sort(null);
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < millis.size(); i++) {
      gaps.add(millis.get(i) - millis.get(i - 1));
    }
    gaps.sort(java.util.Collections.reverseOrder());
    System.out.println("RESCALE PAUSE (JobManager: first CancelTask sent to every task RUNNING): " + pauses + " ms;"
        + " the three largest gaps between committed records (the two rescales and the ApplicationMaster's"
        + " restart, each from the last record of the checkpoint restored to the first one after it): "
        + gaps.subList(0, 3) + " ms");
  }

  /** Every application the shared ResourceManager knows, ended ones too. */
  private static Set<ApplicationId> applications() throws Exception {
    Set<ApplicationId> ids = new java.util.HashSet<>();
    for (ApplicationReport r : client.getApplications()) {
      ids.add(r.getApplicationId());
    }
    return ids;
  }

  /**
   * Kills the ApplicationMaster's container as a lost node would (SIGKILL) and waits until the next
   * attempt runs every task again.
   */
  private static void killTheApplicationMaster(ApplicationId id) throws Exception {
    ApplicationAttemptId first = client.getApplicationReport(id).getCurrentApplicationAttemptId();
    ContainerId am = client.getApplicationAttemptReport(first).getAMContainerId();
    System.out.println("Killing the ApplicationMaster container " + am + " of attempt " + first.getAttemptId());
    client.signalToContainer(am, SignalContainerCommand.FORCEFUL_SHUTDOWN);
    int next = first.getAttemptId() + 1;
    Await.until("attempt " + next + " of " + id + " runs every task", Duration.ofSeconds(180), () -> {
      Thread.sleep(100); // asks the ResourceManager and the web server: not every 10 ms
      ApplicationReport report = client.getApplicationReport(id);
      if (report.getCurrentApplicationAttemptId().getAttemptId() != next || report.getOriginalTrackingUrl() == null
          || !report.getOriginalTrackingUrl().startsWith("http")) {
        return false;
      }
      try {
        JsonNode overview = JSON.readTree(get(trackingUrl(id) + "api/v1/overview"));
        return overview.path("applicationAttempt").asInt() == next && "RUNNING".equals(overview.path("state").asText());
      } catch (java.io.IOException e) {
        return false; // not up yet
      }
    });
  }

  private static String trackingUrl(ApplicationId id) throws Exception {
    return client.getApplicationReport(id).getOriginalTrackingUrl().replaceAll("/+$", "") + "/";
  }

  /** {@code weft rescale <id> -p <p>}: answers the pause the JobManager measured. */
  private static long rescale(ApplicationId id, String parallelism, String taskManagers) {
    MiniYarn.Result r = clusters.weft("rescale", id.toString(), "-p", parallelism);
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("Rescaled job ") && r.out().contains(taskManagers), r.out());
    Matcher m = PAUSE.matcher(r.out());
    assertTrue(m.find(), r.out());
    System.out.println(r.out().trim());
    return Long.parseLong(m.group(1));
  }

  private static String get(String url) throws Exception {
    HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
    c.setRequestProperty("Accept", "application/json");
    c.setConnectTimeout(2000);
    c.setReadTimeout(5000);
    try (InputStream in = c.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      c.disconnect();
    }
  }

  private static void awaitCommitted(String output, int n, CompletableFuture<MiniYarn.Result> run) {
    Await.until(n + " lines committed", Duration.ofSeconds(240), () -> {
      if (run.isDone()) {
        throw new AssertionError("the job ended: " + run.get().out() + run.get().err());
      }
      return clusters.committedLines(output).size() >= n;
    });
  }
}
