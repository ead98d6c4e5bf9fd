package io.weft.it.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.connectors.files.sink.FileSink;
import io.weft.it.MiniYarn;
import io.weft.it.SharedYarn;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The autoscaler on YARN and HDFS: a keyed, checkpointed job through the exactly-once files sink,
 * TaskManagers of one slot, {@code job.autoscaler.enabled} with short windows and at most 2
 * TaskManager containers. Every number costs the keyed function {@value #COST_MILLIS} ms, so one
 * subtask processes at most {@code 1000 / COST_MILLIS} numbers a second (fewer on a loaded machine,
 * never more): the job's capacity follows from the cost, not from the machine. The generator's rate
 * schedule is low ({@value #LOW}/s, a tenth of that), then high ({@value #HIGH}/s, above what even 2
 * subtasks can do: the source is held back and the high numbers take as long as the job needs), then
 * low again. The autoscaler must scale the keyed task up while the high numbers flow (YARN counts 1+1,
 * then 1+2 containers) and back down once they passed (1+1), by itself, in the same application; its
 * log of rescales (REST) shows each with the evaluation it acted on. Every number is committed exactly
 * once with each key's running counts 1..n, and the parallelism each number was processed at tells
 * the same story: 1 for the first low numbers, 2 only from the high numbers on, 1 again only from the
 * last low numbers on. Nothing is timed: each step is awaited with a generous timeout.
 */
class AutoscaleYarnTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long COST_MILLIS = 20;
  /** At most a tenth of one subtask's capacity: no scale-up at p=1, a scale-down at p=2. */
  private static final int LOW = 5;
  /** Three times one subtask's capacity at most, 1.5 times that of two. */
  private static final int HIGH = 150;
  /** 20 s of low input while the first window fills. */
  private static final long HIGH_FROM = 20L * LOW;
  /**
   * At most 50/s at p=1 (at least 90 s), 100/s at p=2: the scale-up comes while they flow (about 20 s
   * after they start on a machine at load 20, then 15 s to rescale).
   */
  private static final long LOW_AGAIN_FROM = HIGH_FROM + 4_500;
  /** 120 s of low input after the high numbers: time to scale down (about 15 s at load 20) and for YARN to report it. */
  private static final long COUNT = LOW_AGAIN_FROM + 120L * LOW;

  @RegisterExtension static final SharedYarn YARN = SharedYarn.standard();
  private static MiniYarn clusters;
  private static YarnClient client;
  private static Path jobJar;

  @BeforeAll
  static void start() throws Exception {
    clusters = YARN.clusters();
    client = clusters.client();
    jobJar = clusters.jobsJarWith(FileSink.class, "autoscale-job.jar");
  }

  @Test
  void scalesUpWhenTheRateRisesBeyondCapacityAndBackDownWhenItFallsWithExactOutput() throws Exception {
    Set<ApplicationId> before = applications();
    String output = clusters.fs().getUri() + "/autoscaled";
    CompletableFuture<MiniYarn.Result> run = CompletableFuture.supplyAsync(() -> clusters.weft("run", "-m",
        "yarn-cluster", "-yjm", "768", "-ytm", "1024", "-ys", "1", "-yp", "1",
        // Each checkpoint costs the keyed task busy time (the sink's files): at 1 s, about a fifth of it at
        // load 20 while the low rate needs a tenth; every 3 s leaves the scale-down a clear margin.
        "-yD", "execution.checkpointing.interval=3s",
        "-yD", "state.checkpoints.dir=" + clusters.fs().getUri() + "/checkpoints",
        "-yD", "job.autoscaler.enabled=true",
        "-yD", "job.autoscaler.evaluation.interval=2s",
        "-yD", "job.autoscaler.metrics.window=10s",
        "-yD", "job.autoscaler.stabilization.interval=4s",
        "-yD", "job.autoscaler.target.utilization=0.7",
        "-yD", "job.autoscaler.target.utilization.boundary=0.15",
        "-yD", "job.autoscaler.max-containers=2",
        "-c", AutoscaledCountJob.class.getName(), jobJar.toString(), output, Long.toString(COUNT),
        Long.toString(COST_MILLIS), "0:" + LOW, HIGH_FROM + ":" + HIGH, LOW_AGAIN_FROM + ":" + LOW));
    ApplicationId id;
    JsonNode up;
    JsonNode down;
    try {
      id = clusters.awaitApplication(run, YarnApplicationState.RUNNING);
      awaitContainers(id, 2, run, "the job runs on 1+1 containers");
      up = awaitAction(id, run, 0, 2);
      awaitContainers(id, 3, run, "YARN counts 1+2 containers after the scale-up");
      down = awaitAction(id, run, 1, 1);
      awaitContainers(id, 2, run, "YARN counts 1+1 containers after the scale-down");
      System.out.println("AUTOSCALER scaling document at the scale-down: " + scaling(id));

      MiniYarn.Result result = run.get(900, TimeUnit.SECONDS);
      assertEquals(0, result.exitCode(), result.out() + result.err());
      assertEquals(FinalApplicationStatus.SUCCEEDED, client.getApplicationReport(id).getFinalApplicationStatus());
      Set<ApplicationId> submitted = applications();
      submitted.removeAll(before);
      assertEquals(Set.of(id), submitted, "one application all along");
    } finally {
      clusters.killRunningApplications();
    }

    // The decisions acted on, with their inputs: up when the keyed task could not keep up, down when it idled.
    JsonNode upInput = keyedDecision(up);
    assertEquals(1, upInput.path("parallelism").asInt(), up.toString());
    assertEquals(2, upInput.path("newParallelism").asInt(), up.toString());
    assertTrue(upInput.path("reason").asText().startsWith("scale up"), up.toString());
    assertTrue(upInput.path("utilization").asDouble() > 0.85, up.toString());
    assertTrue(upInput.path("targetRate").asDouble() > 3 * LOW, "the rate had risen: " + up);
    JsonNode downInput = keyedDecision(down);
    assertEquals(2, downInput.path("parallelism").asInt(), down.toString());
    assertEquals(1, downInput.path("newParallelism").asInt(), down.toString());
    assertTrue(downInput.path("reason").asText().startsWith("scale down"), down.toString());
    assertTrue(downInput.path("utilization").asDouble() < 0.55, down.toString());
    assertTrue(downInput.path("targetRate").asDouble() < upInput.path("targetRate").asDouble(),
        "the rate had fallen: " + down);

    List<String> lines = clusters.committedLines(output);
    Map<Long, Integer> timesSeen = new HashMap<>();
    Map<Long, List<Long>> countsByKey = new HashMap<>();
    TreeMap<Long, Integer> parallelismByNumber = new TreeMap<>();
    for (String line : lines) {
      String[] f = line.split(",");
      long number = Long.parseLong(f[0]);
      timesSeen.merge(number, 1, Integer::sum);
      countsByKey.computeIfAbsent(Long.parseLong(f[1]), k -> new ArrayList<>()).add(Long.parseLong(f[2]));
      parallelismByNumber.put(number, Integer.parseInt(f[3]));
    }
    assertEquals(COUNT, timesSeen.size(), "every number was committed");
    assertTrue(timesSeen.values().stream().allMatch(n -> n == 1), "no number was committed twice");
    assertEquals(COUNT, lines.size());
    assertEquals(AutoscaledCountJob.KEYS, countsByKey.size());
    for (Map.Entry<Long, List<Long>> e : countsByKey.entrySet()) {
      List<Long> counts = new ArrayList<>(e.getValue());
      counts.sort(null);
      for (int i = 0; i < counts.size(); i++) {
        assertEquals(i + 1, counts.get(i), "key " + e.getKey() + ": each running count once");
      }
    }
    // The source is one subtask emitting in order: each rescale's checkpoint splits the numbers in three runs.
    long firstAtTwo = parallelismByNumber.entrySet().stream().filter(e -> e.getValue() == 2).findFirst()
        .orElseThrow(() -> new AssertionError("no number was processed at parallelism 2")).getKey();
    long lastAtTwo = parallelismByNumber.descendingMap().entrySet().stream().filter(e -> e.getValue() == 2)
        .findFirst().orElseThrow().getKey();
    System.out.println("AUTOSCALER numbers processed at p=2: " + firstAtTwo + ".." + lastAtTwo + " (high from "
        + HIGH_FROM + ", low again from " + LOW_AGAIN_FROM + ", count " + COUNT + ")");
    assertTrue(firstAtTwo >= HIGH_FROM, "scaled up only once the rate rose: " + firstAtTwo);
    assertTrue(lastAtTwo >= LOW_AGAIN_FROM, "scaled down only once the rate fell: " + lastAtTwo);
    assertFalse(lastAtTwo == COUNT - 1, "the last numbers ran at p=1 again");
    parallelismByNumber.forEach((number, p) -> assertEquals(number < firstAtTwo || number > lastAtTwo ? 1 : 2, p,
        "number " + number + " ran at p=1 before the scale-up and after the scale-down, at p=2 between"));
  }

  private static Set<ApplicationId> applications() throws Exception {
    Set<ApplicationId> ids = new HashSet<>();
    for (ApplicationReport r : client.getApplications()) {
      ids.add(r.getApplicationId());
    }
    return ids;
  }

  private static void awaitContainers(ApplicationId id, int n, CompletableFuture<MiniYarn.Result> run, String what) {
    Await.until(what, Duration.ofSeconds(300), () -> {
      if (run.isDone()) {
        throw new AssertionError("the job ended first: " + run.get().out() + run.get().err());
      }
      return clusters.runningContainersReportedByYarn(id) == n;
    });
  }

  /**
   * The autoscaler's {@code index}-th completed rescale (refused ones are printed and skipped), which
   * must have set the keyed task to {@code parallelism}.
   */
  private static JsonNode awaitAction(ApplicationId id, CompletableFuture<MiniYarn.Result> run, int index,
      int parallelism) {
    JsonNode action = Await.value("the autoscaler's rescale " + (index + 1) + " (to p=" + parallelism + ")",
        Duration.ofSeconds(600), () -> {
          if (run.isDone()) {
            throw new AssertionError("the job ended first: " + run.get().out() + run.get().err());
          }
          Thread.sleep(200); // asks the ApplicationMaster's web server: not every few ms
          JsonNode scaling;
          try {
            scaling = scaling(id);
          } catch (java.io.IOException e) {
            System.out.println("AUTOSCALER scaling document not read, asking again: " + e);
            return null; // a slow answer on a loaded machine
          }
          List<JsonNode> done = new ArrayList<>();
          for (JsonNode a : scaling.path("actions")) {
            String outcome = a.path("outcome").asText("");
            if (outcome.startsWith("rescaled")) {
              done.add(a); // a refused one (printed with the whole document at the end) is tried again
            }
          }
          return done.size() > index ? done.get(index) : null;
        });
    System.out.println("AUTOSCALER rescale " + (index + 1) + ": " + action);
    assertEquals(parallelism, keyedDecision(action).path("newParallelism").asInt(), action.toString());
    assertEquals(1, action.path("parallelism").size(), "only the keyed task: " + action);
    return action;
  }

  /** The keyed task's decision among those {@code action} acted on. */
  private static JsonNode keyedDecision(JsonNode action) {
    for (JsonNode d : action.path("decisions")) {
      if (d.path("task").asText().contains("CostlyCount")) {
        return d;
      }
    }
    throw new AssertionError("no decision for the keyed task: " + action);
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
