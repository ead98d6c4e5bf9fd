package io.weft.it.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.testing.Await;
import io.weft.appmaster.web.ActionSignature;
import io.weft.it.MiniYarn;
import io.weft.it.SharedYarn;
import io.weft.it.yarn.jobs.SlowCopyJob;
import io.weft.launcher.cli.CliEnvironment;
import io.weft.launcher.yarn.StagingDirectories;
import java.time.Duration;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.SignalContainerCommand;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * High availability on a real MiniYARNCluster and MiniDFSCluster: containers of a running job are
 * killed through the NodeManager ({@code YarnClient.signalToContainer}) while it copies a file
 * through the exactly-once sink, and the copy must still hold every line exactly once.
 */
class HighAvailabilityTest {
  private static final int LINES = 20_000;

  @RegisterExtension static final SharedYarn YARN = SharedYarn.standard();
  @TempDir static Path dir;
  private static MiniDFSCluster dfs;
  private static MiniYARNCluster yarn;
  private static YarnClient client;
  private static FileSystem fs;
  private static CliEnvironment environment;
  private static Path jobsJar;
  private static MiniYarn clusters;
  private static String input;
  private static List<String> expected;
  private final List<CompletableFuture<MiniYarn.Result>> attachedRuns = new ArrayList<>();

  @BeforeAll
  static void startClusters() throws Exception {
    // The ResourceManager caps every application's attempts at this (default 2).
    clusters = YARN.clusters();
    dfs = clusters.dfs();
    fs = clusters.fs();
    yarn = clusters.yarn();
    client = clusters.client();
    environment = clusters.environment();
    String defaultFs = fs.getUri().toString();
    jobsJar = clusters.jobsJar();

    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path("/data/numbers.txt");
    expected = new ArrayList<>();
    try (FSDataOutputStream o = fs.create(file, true)) {
      for (long v = 0; v < LINES; v++) {
        expected.add(Long.toString(v));
        o.write((v + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    input = defaultFs + file;
  }

  /** A test that failed half way must not leave its application (or a weft run following it) behind. */
  @AfterEach
  void killWhatIsStillRunning() throws Exception {
    clusters.killRunningApplications();
    for (CompletableFuture<MiniYarn.Result> run : attachedRuns) {
      run.get(60, TimeUnit.SECONDS); // ends once its application ended
    }
  }

  @Test
  void theJobResumesAfterTheApplicationMasterIsKilledTwiceWithThreeAttempts() throws Exception {
    killTheApplicationMasterAndResume(2, 3);
  }

  /** Covered by the test above on its way (its first kill); on its own behind -Pslow-tests. */
  @Test
  @Tag("slow")
  void theJobResumesAfterTheApplicationMasterIsKilledOnce() throws Exception {
    killTheApplicationMasterAndResume(1, 2);
  }

  private void killTheApplicationMasterAndResume(int kills, int attempts) throws Exception {
    String output = fs.getUri() + "/out/am-killed-" + kills;
    CompletableFuture<MiniYarn.Result> run = runAttached(output, "-yD", "yarn.application-attempts=" + attempts);
    ApplicationId id = clusters.awaitSubmitted(run);
    String signedSavepoint = null; // accepted by the first attempt; no later one may run it again
    for (int attempt = 1; attempt <= kills; attempt++) {
      String overview = awaitRunningWithNewCheckpoint(id, attempt, output);
      if (attempt == 1) {
        signedSavepoint = signedSavepointRequest(id);
        HttpResponse<String> first = put(id, signedSavepoint);
        assertEquals(200, first.statusCode(), "the first attempt takes the savepoint: " + first.body());
      } else {
        assertTrue(overview.contains("\"restarts\":0,"), "no restart in this attempt: " + overview);
        assertTrue(overview.contains("\"executionAttempt\":" + ((attempt - 1) << 20) + ","), overview);
        long uptime = Long.parseLong(field(overview, "uptimeMillis"));
        long allRunningAfter = Long.parseLong(field(overview, "allTasksRunningAfterMillis"));
        assertTrue(allRunningAfter >= 0 && allRunningAfter <= uptime, "measured within the attempt: " + overview);
        HttpResponse<String> replayed = put(id, signedSavepoint);
        assertEquals(401, replayed.statusCode(), "attempt " + attempt + " refuses the replay: " + replayed.body());
        assertTrue(replayed.body().contains("already used"), replayed.body());
      }
      ContainerId am = client.getApplicationAttemptReport(currentAttempt(id)).getAMContainerId();
      System.out.println("Killing the ApplicationMaster container " + am + " of attempt " + attempt);
      client.signalToContainer(am, SignalContainerCommand.FORCEFUL_SHUTDOWN);
      awaitAttempt(id, attempt + 1);
      assertFalse(run.isDone(), "the attached weft run keeps waiting through the restart: "
          + (run.isDone() ? run.get().out() : ""));
      MiniYarn.Result list = MiniYarn.weft(environment, "list");
      assertTrue(list.out().contains(id + "") && list.out().contains("RUNNING"),
          "weft list shows the application RUNNING through the restart:\n" + list.out());
    }

    MiniYarn.Result result = run.get(180, TimeUnit.SECONDS);
    assertEquals(0, result.exitCode(), result.out() + result.err());
    assertTrue(result.out().contains("FINISHED (SUCCEEDED)"), result.out());
    ApplicationReport report = client.getApplicationReport(id);
    assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus());
    assertTrue(report.getDiagnostics().contains("application attempt " + (kills + 1)), report.getDiagnostics());
    assertExactCopy(output);
    String log = applicationMasterLog(id);
    assertTrue(log.contains("of an earlier attempt reconnected"), "the kept TaskManagers reconnected:\n" + log);
    assertTrue(log.contains("from checkpoint"), "the last attempt restored a checkpoint:\n" + log);
    assertNoIncompleteCheckpoint(id);
    clusters.assertStagingDirGone(id, 20_000);
  }

  @Test
  void aKilledTaskManagerIsReplacedAndTheJobFinishes() throws Exception {
    String output = fs.getUri() + "/out/tm-killed";
    CompletableFuture<MiniYarn.Result> run = runAttached(output);
    ApplicationId id = clusters.awaitSubmitted(run);
    awaitRunningWithNewCheckpoint(id, 1, output);
    ContainerId am = client.getApplicationAttemptReport(currentAttempt(id)).getAMContainerId();
    ContainerId taskManager = null;
    for (ContainerReport c : client.getContainers(currentAttempt(id))) {
      if (!c.getContainerId().equals(am) && c.getContainerState() == ContainerState.RUNNING) {
        taskManager = c.getContainerId();
      }
    }
    assertTrue(taskManager != null, "a TaskManager container runs");
    System.out.println("Killing the TaskManager container " + taskManager);
    client.signalToContainer(taskManager, SignalContainerCommand.FORCEFUL_SHUTDOWN);

    MiniYarn.Result result = run.get(180, TimeUnit.SECONDS);
    assertEquals(0, result.exitCode(), result.out() + result.err());
    ApplicationReport report = client.getApplicationReport(id);
    assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus());
    assertTrue(report.getDiagnostics().contains("lost TaskManagers") && report.getDiagnostics().contains(
        taskManager.toString()), "the diagnostics name the lost container: " + report.getDiagnostics());
    assertExactCopy(output);
    String log = applicationMasterLog(id);
    assertTrue(log.contains("requesting a replacement container"), log);
    assertTrue(Pattern.compile("Launching TaskManager tm-\\d-r1 in container").matcher(log).find(),
        "a replacement TaskManager was launched:\n" + log);
    assertNoIncompleteCheckpoint(id);
    clusters.assertStagingDirGone(id, 20_000);
  }

  @Test
  void whenEveryAttemptIsUsedUpTheApplicationFailsWithTheReasonAndNoStagingDirectory() throws Exception {
    String output = fs.getUri() + "/out/exhausted";
    CompletableFuture<MiniYarn.Result> run = runAttached(output, "-yD", "yarn.application-attempts=2");
    ApplicationId id = clusters.awaitSubmitted(run);
    for (int attempt = 1; attempt <= 2; attempt++) {
      awaitRunning(id, attempt);
      ContainerId am = client.getApplicationAttemptReport(currentAttempt(id)).getAMContainerId();
      // SIGTERM, as YARN's own kills: the last attempt's shutdown hook deletes the staging directory.
      client.signalToContainer(am, SignalContainerCommand.GRACEFUL_SHUTDOWN);
      if (attempt < 2) {
        awaitAttempt(id, attempt + 1);
      }
    }
    MiniYarn.Result result = run.get(180, TimeUnit.SECONDS);
    assertEquals(1, result.exitCode(), result.out() + result.err());
    ApplicationReport report = client.getApplicationReport(id);
    assertEquals(YarnApplicationState.FAILED, report.getYarnApplicationState());
    assertEquals(FinalApplicationStatus.FAILED, report.getFinalApplicationStatus());
    String amOfLastAttempt = client.getApplicationAttemptReport(currentAttempt(id)).getAMContainerId().toString();
    assertTrue(report.getDiagnostics().contains(amOfLastAttempt) && report.getDiagnostics().contains("exit"),
        "the diagnostics say which ApplicationMaster container ended and how: " + report.getDiagnostics());
    assertTrue(result.err().contains("FAILED"), result.err());
    clusters.assertStagingDirGone(id, 20_000);
  }

  // ---- helpers ----

  private CompletableFuture<MiniYarn.Result> runAttached(String output, String... flags) {
    List<String> args = new ArrayList<>(List.of("run", "-m", "yarn-cluster", "-yjm", "768", "-ytm", "1024",
        "-ys", "1", "-yp", "2", "-yD", "execution.checkpointing.interval=500ms",
        "-yD", "state.checkpoints.dir=" + fs.getUri() + "/checkpoints", "-yD", "restart-strategy.fixed-delay.delay=200ms"));
    args.addAll(List.of(flags));
    args.addAll(List.of("-c", SlowCopyJob.class.getName(), jobsJar.toString(), input, output, "20"));
    CompletableFuture<MiniYarn.Result> run = CompletableFuture.supplyAsync(
        () -> MiniYarn.weft(environment, args.toArray(new String[0])));
    attachedRuns.add(run);
    return run;
  }

  private static ApplicationAttemptId currentAttempt(ApplicationId id) throws Exception {
    return client.getApplicationReport(id).getCurrentApplicationAttemptId();
  }

  private static void awaitAttempt(ApplicationId id, int attempt) throws Exception {
    Await.until("YARN started attempt " + attempt + " of " + id, Duration.ofSeconds(60),
        () -> currentAttempt(id).getAttemptId() >= attempt);
    assertEquals(attempt, currentAttempt(id).getAttemptId(), "YARN started attempt " + attempt);
  }

  /** Waits until the JobManager of {@code attempt} reports every task RUNNING. */
  private static String awaitRunning(ApplicationId id, int attempt) throws Exception {
    return Await.value("attempt " + attempt + " of " + id + " reached RUNNING", Duration.ofSeconds(120), () -> {
      ApplicationReport report = client.getApplicationReport(id);
      String url = report.getOriginalTrackingUrl();
      if (report.getCurrentApplicationAttemptId().getAttemptId() != attempt || url == null || !url.startsWith("http")) {
        return null;
      }
      String status;
      try {
        status = get(url.replaceAll("/+$", "") + "/api/v1/overview");
      } catch (Exception e) {
        return null; // not up yet
      }
      boolean running = status.contains("\"applicationAttempt\":" + attempt + ",")
          && status.contains("\"state\":\"RUNNING\"");
      return running ? status : null;
    });
  }

  /**
   * Waits until attempt {@code attempt} runs every task and the sink committed a file of a checkpoint
   * taken in that attempt: the kill that follows lands in the middle of the copy, with state to resume.
   */
  private static String awaitRunningWithNewCheckpoint(ApplicationId id, int attempt, String output) throws Exception {
    String overview = awaitRunning(id, attempt);
    int before = clusters.committedPartFiles(output);
    Await.until("a checkpoint completed in attempt " + attempt, Duration.ofSeconds(60),
        () -> clusters.committedPartFiles(output) > before);
    assertTrue(clusters.committedPartFiles(output) > before, "a checkpoint completed in attempt " + attempt);
    assertFalse(fs.exists(new org.apache.hadoop.fs.Path(output, "part-0-end")), "the copy is not over yet");
    return overview;
  }

  /** Whatever the job's end, every checkpoint directory left is a complete one (it has its _metadata). */
  private static void assertNoIncompleteCheckpoint(ApplicationId id) throws Exception {
    org.apache.hadoop.fs.Path jobDir = new org.apache.hadoop.fs.Path(fs.getUri() + "/checkpoints",
        id.toString().replace("application_", "job_"));
    assertTrue(fs.exists(jobDir), jobDir + " exists");
    for (FileStatus f : fs.listStatus(jobDir)) {
      if (f.getPath().getName().startsWith("chk-")) {
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path(f.getPath(), "_metadata")),
            "an incomplete checkpoint was left behind: " + f.getPath());
      }
    }
  }

  /** The path and signed query of a savepoint request to the application's REST API. */
  private static String signedSavepointRequest(ApplicationId id) throws Exception {
    String path = "/api/v1/jobs/" + id.toString().replace("application_", "job_") + "/savepoint";
    return path + "?" + ActionSignature.signedQuery(StagingDirectories.readSecret(fs, id), "PUT", path,
        Map.of("targetDirectory", fs.getUri() + "/savepoints"), System.currentTimeMillis());
  }

  /** PUT to the current attempt's ApplicationMaster directly (its tracking URL). */
  private static HttpResponse<String> put(ApplicationId id, String pathAndQuery) throws Exception {
    String url = client.getApplicationReport(id).getOriginalTrackingUrl().replaceAll("/+$", "") + pathAndQuery;
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
        .PUT(HttpRequest.BodyPublishers.noBody()).timeout(java.time.Duration.ofMinutes(2)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":(-?\\d+)").matcher(json);
    assertTrue(m.find(), name + " in " + json);
    return m.group(1);
  }

  /** Every input line exactly once, and only committed files in the output. */
  private static void assertExactCopy(String output) throws Exception {
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
    lines.sort(Comparator.comparingLong(Long::parseLong));
    assertEquals(expected.size(), lines.size(), "as many lines as the input");
    assertEquals(expected, lines, "every number exactly once");
  }

  /** The jobmanager.log of the application's current (last) attempt. */
  private static String applicationMasterLog(ApplicationId id) throws Exception {
    String amContainer = client.getApplicationAttemptReport(currentAttempt(id)).getAMContainerId().toString();
    for (String logDir : yarn.getNodeManager(0).getConfig().getTrimmedStrings(YarnConfiguration.NM_LOG_DIRS)) {
      Path log = Path.of(logDir, id.toString(), amContainer, "jobmanager.log");
      if (Files.exists(log)) {
        return Files.readString(log);
      }
    }
    throw new AssertionError("no jobmanager.log of " + amContainer);
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
