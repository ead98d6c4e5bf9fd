package io.weft.it.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.it.MiniYarn;
import io.weft.it.yarn.jobs.SpreadWindowJob;
import io.weft.testing.Await;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.SignalContainerCommand;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job past two TaskManagers on a cluster of several nodes: a keyed, windowed, checkpointed job at
 * parallelism 16 with two slots per TaskManager (8 TaskManagers of 1024 MB) on 4 NodeManagers, each
 * with room for two TaskManagers (and the ApplicationMaster beside them). Its containers run on all
 * 4 nodes; it loses a TaskManager and then its ApplicationMaster, and its output is still every
 * window's exact sum, once, as computed here from the numbers alone. Behind -Pslow-tests: it runs
 * ten JVMs on what is often a 2-core machine, 132 s on a quiet one and 290 s under other builds.
 */
@Tag("slow")
class ScaleYarnTest {
  private static final int NODE_MANAGERS = 4;
  private static final int TASK_MANAGER_MB = 1024;
  private static final int APPLICATION_MASTER_MB = 768;
  private static final int PARALLELISM = 16;
  private static final int SLOTS = 2;
  private static final int TASK_MANAGERS = PARALLELISM / SLOTS;
  /** 48,000 numbers at 1,200 a second: 40 s of input, long enough for both kills on a slow machine. */
  private static final long COUNT = 48_000;
  private static final int RATE = 1_200;

  @TempDir static Path dir;
  private static MiniYarn clusters;
  private static YarnClient client;
  private static FileSystem fs;

  @BeforeAll
  static void startClusters() throws Exception {
    // Each NodeManager holds two TaskManagers (memory and vcores: a TaskManager asks one vcore per
    // slot) and the ApplicationMaster's room, never three TaskManagers, so the 8 go to all 4 nodes.
    int memory = 2 * TASK_MANAGER_MB + APPLICATION_MASTER_MB;
    int vcores = 2 * SLOTS + 1;
    clusters = MiniYarn.start("weft-scale", dir, NODE_MANAGERS, memory, vcores,
        conf -> conf.setInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS, 4));
    client = clusters.client();
    fs = clusters.fs();
  }

  @AfterAll
  static void stopClusters() throws Exception {
    if (clusters != null) {
      clusters.close();
    }
  }

  @Test
  void sixteenSubtasksOnEightTaskManagersOverFourNodesSurviveATaskManagerAndAnApplicationMasterKill()
      throws Exception {
    long started = System.nanoTime();
    String output = fs.getUri() + "/out/spread";
    String jar = clusters.jobsJar().toString();
    CompletableFuture<MiniYarn.Result> run = CompletableFuture.supplyAsync(() -> clusters.weft("run",
        "-m", "yarn-cluster", "-yjm", String.valueOf(APPLICATION_MASTER_MB), "-ytm", String.valueOf(TASK_MANAGER_MB),
        "-ys", String.valueOf(SLOTS), "-yp", String.valueOf(PARALLELISM),
        "-yD", "yarn.application-attempts=3",
        "-yD", "execution.checkpointing.interval=1s",
        "-yD", "state.checkpoints.dir=" + fs.getUri() + "/checkpoints",
        "-yD", "restart-strategy.fixed-delay.delay=200ms",
        "-c", SpreadWindowJob.class.getName(), jar, output, String.valueOf(COUNT), String.valueOf(RATE)));
    try {
      ApplicationId id = awaitSubmitted(run);

      // All 8 TaskManagers run, two on each node.
      awaitRunningWithNewCheckpoint(id, 1, 0, output);
      ContainerId am = client.getApplicationAttemptReport(currentAttempt(id)).getAMContainerId();
      Map<NodeId, List<ContainerId>> byNode = taskManagersByNode(id, am);
      System.out.println("TaskManager containers by node: " + byNode);
      assertEquals(NODE_MANAGERS, byNode.size(), "the TaskManagers run on every node: " + byNode);
      for (Map.Entry<NodeId, List<ContainerId>> e : byNode.entrySet()) {
        assertEquals(TASK_MANAGERS / NODE_MANAGERS, e.getValue().size(), "TaskManagers on " + e.getKey() + ": " + byNode);
      }

      assertSpreadPlacement(id);

      // A TaskManager dies: it is replaced and the job restarts from its latest checkpoint.
      ContainerId victim = byNode.values().iterator().next().get(0);
      System.out.println("Killing the TaskManager container " + victim);
      client.signalToContainer(victim, SignalContainerCommand.FORCEFUL_SHUTDOWN);
      awaitRunningWithNewCheckpoint(id, 1, 1, output);

      // The ApplicationMaster dies: the next attempt takes the TaskManagers over and resumes.
      System.out.println("Killing the ApplicationMaster container " + am);
      client.signalToContainer(am, SignalContainerCommand.FORCEFUL_SHUTDOWN);
      Await.until("YARN started attempt 2 of " + id, Duration.ofSeconds(90),
          () -> currentAttempt(id).getAttemptId() >= 2);
      assertFalse(run.isDone(), "the attached weft run waits through the new attempt");

      MiniYarn.Result result = run.get(300, TimeUnit.SECONDS);
      assertEquals(0, result.exitCode(), result.out() + result.err());
      ApplicationReport report = client.getApplicationReport(id);
      assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(), report.getDiagnostics());
      assertTrue(report.getDiagnostics().contains("application attempt 2"), report.getDiagnostics());
      assertEquals(expectedLines(), outputLines(output), "every window's exact sum, once");
      System.out.printf("ScaleYarnTest: p=%d on %d TaskManagers over %d NodeManagers, with both kills, took %d s%n",
          PARALLELISM, TASK_MANAGERS, NODE_MANAGERS, (System.nanoTime() - started) / 1_000_000_000);
    } finally {
      clusters.killRunningApplications();
      run.get(120, TimeUnit.SECONDS);
    }
  }

  /**
   * The JobManager's own account (api/v1/taskmanagers) agrees with cluster.evenly-spread-out-slots (the
   * default): TaskManager tm-k runs subtasks k and k + 8 of both tasks, nothing else.
   */
  private static void assertSpreadPlacement(ApplicationId id) throws Exception {
    String url = client.getApplicationReport(id).getOriginalTrackingUrl().replaceAll("/+$", "");
    JsonNode taskManagers = new ObjectMapper().readTree(get(url + "/api/v1/taskmanagers")).path("taskManagers");
    assertEquals(TASK_MANAGERS, taskManagers.size(), taskManagers.toString());
    Pattern position = Pattern.compile("tm-(\\d+)");
    Pattern subtask = Pattern.compile("\\((\\d+)/" + PARALLELISM + "\\)$");
    for (JsonNode tm : taskManagers) {
      Matcher m = position.matcher(tm.path("id").asText());
      assertTrue(m.lookingAt(), tm.toString());
      int k = Integer.parseInt(m.group(1));
      assertEquals(2 * SLOTS, tm.path("subtasks").size(), "two tasks, a subtask of each per slot: " + tm);
      for (JsonNode name : tm.path("subtasks")) {
        Matcher n = subtask.matcher(name.asText());
        assertTrue(n.find(), name.asText());
        int index = Integer.parseInt(n.group(1)) - 1;
        assertEquals(k, index % TASK_MANAGERS, "subtask " + index + " runs on TaskManager i mod 8: " + tm);
      }
    }
  }

  /** The sums computed from the numbers alone: key v mod KEYS, window v / 100 (1 s at 10 ms per number). */
  private static List<String> expectedLines() {
    Map<List<Long>, Long> sums = new TreeMap<>((a, b) -> a.get(0).equals(b.get(0))
        ? Long.compare(a.get(1), b.get(1)) : Long.compare(a.get(0), b.get(0)));
    for (long v = 0; v < COUNT; v++) {
      sums.merge(List.of(v % SpreadWindowJob.KEYS, v / 100), v, Long::sum);
    }
    List<String> lines = new ArrayList<>();
    sums.forEach((k, sum) -> lines.add(k.get(0) + "\t" + k.get(1) + "\t" + sum));
    Collections.sort(lines);
    return lines;
  }

  /** Every line of the committed part files, sorted; only committed files may be left. */
  private static List<String> outputLines(String output) throws Exception {
    List<String> lines = new ArrayList<>();
    for (FileStatus part : fs.listStatus(new org.apache.hadoop.fs.Path(output))) {
      assertTrue(part.getPath().getName().startsWith("part-"), "only committed files are left: " + part.getPath());
      try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(part.getPath()),
          StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          lines.add(line);
        }
      }
    }
    Collections.sort(lines);
    return lines;
  }

  /** The running TaskManager containers of the current attempt, by the node YARN says each runs on. */
  private static Map<NodeId, List<ContainerId>> taskManagersByNode(ApplicationId id, ContainerId am) throws Exception {
    Map<NodeId, List<ContainerId>> byNode = new TreeMap<>();
    int[] count = new int[1];
    Await.until(TASK_MANAGERS + " TaskManager containers RUNNING", Duration.ofSeconds(30), () -> {
      byNode.clear();
      count[0] = 0;
      for (ContainerReport c : client.getContainers(currentAttempt(id))) {
        if (!c.getContainerId().equals(am) && c.getContainerState() == ContainerState.RUNNING) {
          byNode.computeIfAbsent(c.getAssignedNode(), n -> new ArrayList<>()).add(c.getContainerId());
          count[0]++;
        }
      }
      return count[0] == TASK_MANAGERS;
    });
    return byNode;
  }

  private static ApplicationId awaitSubmitted(CompletableFuture<MiniYarn.Result> run) {
    return Await.value("the application was submitted", Duration.ofSeconds(120), () -> {
      for (ApplicationReport a : client.getApplications(EnumSet.of(YarnApplicationState.ACCEPTED,
          YarnApplicationState.RUNNING, YarnApplicationState.SUBMITTED))) {
        return a.getApplicationId();
      }
      if (run.isDone()) {
        throw new AssertionError("weft run ended before its application ran: " + run.get().out() + run.get().err());
      }
      return null;
    });
  }

  private static ApplicationAttemptId currentAttempt(ApplicationId id) throws Exception {
    return client.getApplicationReport(id).getCurrentApplicationAttemptId();
  }

  /**
   * Waits until attempt {@code attempt} runs every task after {@code restarts} restarts and a checkpoint
   * taken since then committed sink files: the kill that follows lands mid-stream, with state to resume.
   */
  private static void awaitRunningWithNewCheckpoint(ApplicationId id, int attempt, int restarts, String output)
      throws Exception {
    Await.until("attempt " + attempt + " of " + id + " RUNNING after " + restarts + " restarts",
        Duration.ofSeconds(180), () -> {
          ApplicationReport report = client.getApplicationReport(id);
          String url = report.getOriginalTrackingUrl();
          if (report.getCurrentApplicationAttemptId().getAttemptId() != attempt || url == null
              || !url.startsWith("http")) {
            return false;
          }
          String overview;
          try {
            overview = get(url.replaceAll("/+$", "") + "/api/v1/overview");
          } catch (Exception e) {
            return false; // not up yet
          }
          return overview.contains("\"state\":\"RUNNING\"") && overview.contains("\"restarts\":" + restarts + ",");
        });
    int before = clusters.committedPartFiles(output);
    Await.until("a checkpoint completed after restart " + restarts, Duration.ofSeconds(90),
        () -> clusters.committedPartFiles(output) > before);
  }

  private static String get(String url) throws Exception {
    HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
    c.setConnectTimeout(1000);
    c.setReadTimeout(3000);
    try (InputStream in = c.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      c.disconnect();
    }
  }
}
