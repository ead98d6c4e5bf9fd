package io.weft.it.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.testing.Await;
import io.weft.core.plan.PlanFile;
import io.weft.it.MiniYarn;
import io.weft.it.SharedYarn;
import io.weft.it.yarn.jobs.CapturedValuesJob;
import io.weft.it.yarn.jobs.UnshippableJob;
import java.time.Duration;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.SignalContainerCommand;
import org.apache.hadoop.yarn.api.records.YarnApplicationAttemptState;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.api.YarnClientApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The functions a job's tasks run are the ones the client's main() built, shipped in the staged
 * plan file: every subtask sees the client's values, main() runs once per submission (not in the
 * ApplicationMaster, not in any TaskManager, not again after an ApplicationMaster restart), and a
 * staged plan changed after submission is refused.
 */
class ShippedPlanTest {
  private static final Pattern LINE = Pattern.compile("run=(\\w+) t=(-?\\d+) i=(\\d+)");
  private static final int MEMORY_MB = 8192;

  @RegisterExtension static final SharedYarn YARN = SharedYarn.standard();
  @TempDir static Path dir;
  private static MiniYarn clusters;
  private static FileSystem fs;
  private static YarnClient client;
  private static Path jobsJar;
  private final List<CompletableFuture<MiniYarn.Result>> attachedRuns = new ArrayList<>();

  @BeforeAll
  static void startClusters() throws Exception {
    clusters = YARN.clusters();
    fs = clusters.fs();
    client = clusters.client();
    jobsJar = clusters.jobsJar();
  }

  @AfterEach
  void killWhatIsStillRunning() throws Exception {
    clusters.killRunningApplications();
    for (CompletableFuture<MiniYarn.Result> run : attachedRuns) {
      run.get(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void everySubtaskSeesTheValuesTheClientsMainComputedAndMainRunsOnce() throws Exception {
    String output = fs.getUri() + "/out/captured";
    String markers = fs.getUri() + "/markers/captured";
    MiniYarn.Result result = clusters.weft("run", "-m", "yarn-cluster", "-yjm", "768", "-ytm", "1024", "-ys", "1",
        "-yp", "2", "-c", CapturedValuesJob.class.getName(), jobsJar.toString(), output, markers, "8", "0");
    assertEquals(0, result.exitCode(), result.out() + result.err());

    Set<String> runIds = assertOneRunAndTimestamp(output, 8);
    assertEquals(Set.of("main-" + runIds.iterator().next()), markerNames(markers),
        "main() ran once, in the client: no marker from the ApplicationMaster or the two TaskManagers");
  }

  @Test
  void anApplicationMasterRestartDeploysTheClientsFunctionsWithoutRunningMainAgain() throws Exception {
    String output = fs.getUri() + "/out/captured-am-killed";
    String markers = fs.getUri() + "/markers/captured-am-killed";
    int count = 20_000;
    CompletableFuture<MiniYarn.Result> run = CompletableFuture.supplyAsync(() -> clusters.weft("run", "-m",
        "yarn-cluster", "-yjm", "768", "-ytm", "1024", "-ys", "1", "-yp", "2",
        "-yD", "execution.checkpointing.interval=500ms", "-yD", "state.checkpoints.dir=" + fs.getUri() + "/chk",
        "-yD", "restart-strategy.fixed-delay.delay=200ms", "-yD", "yarn.application-attempts=2",
        "-c", CapturedValuesJob.class.getName(), jobsJar.toString(), output, markers, Integer.toString(count), "30"));
    attachedRuns.add(run);
    ApplicationId id = clusters.awaitApplication(run, YarnApplicationState.RUNNING);
    awaitCommittedFile(output, run);
    ContainerId am = client.getApplicationAttemptReport(
        client.getApplicationReport(id).getCurrentApplicationAttemptId()).getAMContainerId();
    System.out.println("Killing the ApplicationMaster container " + am);
    client.signalToContainer(am, SignalContainerCommand.FORCEFUL_SHUTDOWN);

    MiniYarn.Result result = run.get(240, TimeUnit.SECONDS);
    assertEquals(0, result.exitCode(), result.out() + result.err());
    assertEquals(2, client.getApplicationReport(id).getCurrentApplicationAttemptId().getAttemptId(),
        "the job finished in the second attempt");
    Set<String> runIds = assertOneRunAndTimestamp(output, count);
    assertEquals(Set.of("main-" + runIds.iterator().next()), markerNames(markers),
        "main() ran once in all, not again for the second ApplicationMaster attempt");
  }

  /**
   * The plan file is changed (one byte, length and modification time kept, so YARN still localizes
   * it) while the application waits for room behind another one: its ApplicationMaster must refuse
   * it and fail the application naming the file.
   */
  @Test
  void aStagedPlanChangedAfterSubmissionFailsTheApplicationNamingTheFile() throws Exception {
    ApplicationId blocker = submitBlocker();
    try {
      MiniYarn.Result submitted = clusters.weft("run", "-d", "-m", "yarn-cluster", "-yjm", "768", "-ytm", "1024",
          "-ys", "1", "-yp", "1", "-c", CapturedValuesJob.class.getName(), jobsJar.toString(),
          fs.getUri() + "/out/tampered", fs.getUri() + "/markers/tampered", "8", "0");
      assertEquals(0, submitted.exitCode(), submitted.out() + submitted.err());
      ApplicationId id = MiniYarn.applicationId(submitted.out());
      assertEquals(YarnApplicationState.ACCEPTED, client.getApplicationReport(id).getYarnApplicationState(),
          "the application waits behind the blocker");

      org.apache.hadoop.fs.Path plan = new org.apache.hadoop.fs.Path(fs.getHomeDirectory(),
          ".weft/" + id + "/" + PlanFile.NAME);
      FileStatus before = fs.getFileStatus(plan);
      byte[] bytes;
      try (var in = fs.open(plan)) {
        bytes = in.readAllBytes();
      }
      bytes[bytes.length / 2] ^= 0x01;
      try (FSDataOutputStream out = fs.create(plan, true)) {
        out.write(bytes);
      }
      fs.setTimes(plan, before.getModificationTime(), -1);
      assertEquals(before.getLen(), fs.getFileStatus(plan).getLen());

      client.killApplication(blocker);
      ApplicationReport report = clusters.awaitEnd(id, Duration.ofSeconds(120));
      assertEquals(FinalApplicationStatus.FAILED, report.getFinalApplicationStatus(), report.getDiagnostics());
      assertTrue(report.getDiagnostics().contains("The staged plan " + plan + " cannot be used: its MAC does not"
          + " match"), report.getDiagnostics());
      assertFalse(fs.exists(new org.apache.hadoop.fs.Path(fs.getUri() + "/out/tampered")),
          "nothing ran");
    } finally {
      client.killApplication(blocker);
    }
  }

  @Test
  void aFunctionThatCannotBeShippedIsRefusedBeforeSubmissionAndFailsLocallyWithTheSameWords() throws Exception {
    String expected = "The function of operator 'locked' cannot be shipped to its tasks: java.lang.Object is not"
        + " serializable";
    int applications = client.getApplications().size();
    MiniYarn.Result yarnRun = clusters.weft("run", "-m", "yarn-cluster", "-yjm", "768", "-ytm", "1024", "-ys", "1",
        "-c", UnshippableJob.class.getName(), jobsJar.toString(), fs.getUri() + "/out/unshippable");
    assertEquals(1, yarnRun.exitCode(), yarnRun.out() + yarnRun.err());
    assertTrue(yarnRun.err().contains("Job 'Unshippable' cannot be submitted: " + expected), yarnRun.err());
    assertEquals(applications, client.getApplications().size(), "nothing was submitted");

    MiniYarn.Result localRun = clusters.weft("run", "-m", "local", "-p", "2", "-c", UnshippableJob.class.getName(),
        jobsJar.toString(), dir.resolve("unshippable-local").toString());
    assertEquals(1, localRun.exitCode(), localRun.out() + localRun.err());
    assertTrue(localRun.err().contains(expected), localRun.err());
  }

  // ---- helpers ----

  /**
   * A plain YARN application whose ApplicationMaster container (a sleep) takes most of what the
   * queue gives ApplicationMasters (maximum-am-resource-percent 0.5): the next one waits for it.
   */
  private static ApplicationId submitBlocker() throws Exception {
    YarnClientApplication app = client.createApplication();
    ApplicationSubmissionContext ctx = app.getApplicationSubmissionContext();
    ctx.setApplicationName("blocker");
    ctx.setResource(Resource.newInstance(MEMORY_MB / 2 - 512, 1));
    ctx.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of(), Map.of(), List.of("sleep 300"), null, null,
        null));
    ApplicationId id = client.submitApplication(ctx);
    // Its ApplicationMaster never registers, so the application stays ACCEPTED: wait for its container.
    Await.until("the blocker's container was launched", Duration.ofSeconds(60), () -> {
      ApplicationAttemptId attempt = client.getApplicationReport(id).getCurrentApplicationAttemptId();
      return attempt != null && client.getApplicationAttemptReport(attempt).getYarnApplicationAttemptState()
          == YarnApplicationAttemptState.LAUNCHED;
    });
    return id;
  }

  /** Waits until the sink committed a file of a checkpoint: the job is in the middle, with state to resume. */
  private static void awaitCommittedFile(String output, CompletableFuture<MiniYarn.Result> run) throws Exception {
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(output);
    Await.until("a checkpoint committed a file in " + output, Duration.ofSeconds(120), () -> {
      if (fs.exists(out)) {
        for (FileStatus f : fs.listStatus(out)) {
          String name = f.getPath().getName();
          if (name.startsWith("part-")) {
            assertFalse(name.endsWith("-end"), "the job is not over yet: " + name);
            return true;
          }
        }
      }
      assertFalse(run.isDone(), () -> "weft run ended early: " + run.join().out() + run.join().err());
      return false;
    });
  }

  /** Every number 1..count exactly once, all lines with one run id and one timestamp; returns the run ids. */
  private static Set<String> assertOneRunAndTimestamp(String output, int count) throws Exception {
    Set<String> runIds = new TreeSet<>();
    Set<String> stamps = new TreeSet<>();
    List<Long> numbers = new ArrayList<>();
    for (FileStatus part : fs.listStatus(new org.apache.hadoop.fs.Path(output))) {
      assertTrue(part.getPath().getName().startsWith("part-"), "only committed files: " + part.getPath());
      try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(part.getPath()),
          StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          Matcher m = LINE.matcher(line);
          assertTrue(m.matches(), line);
          runIds.add(m.group(1));
          stamps.add(m.group(2));
          numbers.add(Long.parseLong(m.group(3)));
        }
      }
    }
    numbers.sort(null);
    List<Long> expected = new ArrayList<>();
    for (long i = 1; i <= count; i++) {
      expected.add(i);
    }
    assertEquals(expected, numbers, "every number exactly once");
    assertEquals(1, runIds.size(), "one run id in every subtask: " + runIds);
    assertEquals(1, stamps.size(), "one timestamp in every subtask: " + stamps);
    return runIds;
  }

  private static Set<String> markerNames(String markers) throws Exception {
    Set<String> names = new TreeSet<>();
    for (FileStatus f : fs.listStatus(new org.apache.hadoop.fs.Path(markers))) {
      names.add(f.getPath().getName());
    }
    return names;
  }
}
