package io.weft.it.yarn;

import static io.weft.it.MiniYarn.applicationId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.testing.Await;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.it.yarn.jobs.EndlessJob;
import io.weft.it.yarn.jobs.ExactlyOnceCopyJob;
import io.weft.it.yarn.jobs.FailThrice;
import io.weft.it.yarn.jobs.FailingJob;
import io.weft.it.yarn.jobs.ForwardJob;
import io.weft.it.yarn.jobs.RecoveringSumJob;
import io.weft.it.yarn.jobs.SavepointSumJob;
import io.weft.it.yarn.jobs.ShipFilesJob;
import io.weft.it.yarn.jobs.SlowBoundedJob;
import io.weft.it.yarn.jobs.WindowedSumJob;
import io.weft.it.MiniYarn;
import io.weft.it.SharedYarn;
import io.weft.launcher.cli.CliEnvironment;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptReport;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.webapp.util.WebAppUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code weft run -m yarn-cluster} end to end on a real MiniYARNCluster and MiniDFSCluster: the
 * ApplicationMaster and TaskManagers are real containers running real JVMs that talk over the
 * authenticated RPC. One pair of clusters serves every test of the class.
 */
class YarnSubmissionTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final SharedYarn YARN = SharedYarn.standard();
  @TempDir static Path dir;
  private static Path root;
  private static MiniDFSCluster dfs;
  private static MiniYARNCluster yarn;
  private static YarnClient client;
  private static FileSystem fs;
  private static CliEnvironment environment;
  private static String rmWebapp;
  private static Path jobsJar;
  private static MiniYarn clusters;

  @BeforeAll
  static void startClusters() throws Exception {
    root = Path.of(System.getProperty("weft.root"));
    clusters = YARN.clusters();
    dfs = clusters.dfs();
    fs = clusters.fs();
    yarn = clusters.yarn();
    client = clusters.client();
    environment = clusters.environment();
    rmWebapp = WebAppUtils.getRMWebAppURLWithoutScheme(yarn.getConfig());
    jobsJar = clusters.jobsJar();
  }

  private static MiniYarn.Result weft(String... args) {
    return MiniYarn.weft(environment, args);
  }

  @Test
  void wordCountRunsOnTwoTaskManagersThatExchangeDataOverTheNetwork() throws Exception {
    String text = "to be or not to be\nthat is the question\n  whether tis nobler in the mind to suffer\n";
    StringBuilder input = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      input.append(text);
    }
    org.apache.hadoop.fs.Path in = new org.apache.hadoop.fs.Path("/data/words.txt");
    try (FSDataOutputStream o = fs.create(in, true)) {
      o.write(input.toString().getBytes(StandardCharsets.UTF_8));
    }
    Map<String, Long> expected = new TreeMap<>();
    for (String line : input.toString().split("\n")) {
      for (String w : line.split(" ")) {
        if (!w.isEmpty()) {
          expected.merge(w, 1L, Long::sum);
        }
      }
    }
    String output = fs.getUri() + "/out/wordcount";
    Map<ContainerId, Resource> containers = new HashMap<>();
    MiniYarn.Result result = weftWatchingContainers(containers, "run", "-m", "yarn-cluster",
        "-yjm", "768", "-ytm", "1536", "-ys", "2", "-yp", "4",
        root.resolve("examples/target/weft-examples.jar").toString(),
        "--input", fs.getUri() + in.toString(), "--output", output);
    assertEquals(0, result.exitCode(), result.out() + result.err());
    ApplicationId id = applicationId(result.out());
    assertTrue(result.out().contains("All tasks RUNNING") || result.out().contains("RUNNING"), result.out());

    JsonNode app = rest("/ws/v1/cluster/apps/" + id).get("app");
    assertEquals("WEFT", app.get("applicationType").asText());
    assertEquals("FINISHED", app.get("state").asText());
    assertEquals("SUCCEEDED", app.get("finalStatus").asText());
    JsonNode attempts = rest("/ws/v1/cluster/apps/" + id + "/appattempts").get("appAttempts").get("appAttempt");
    assertEquals(1, attempts.size(), attempts.toString());
    String amContainer = attempts.get(0).get("containerId").asText();

    assertEquals(3, containers.size(), "1 ApplicationMaster + 2 TaskManagers: " + containers);
    Resource am = containers.get(ContainerId.fromString(amContainer));
    assertNotNull(am, "the AM container " + amContainer + " was seen: " + containers);
    assertEquals(768, am.getMemorySize());
    List<Resource> taskManagers = new ArrayList<>(containers.values());
    taskManagers.remove(am);
    for (Resource tm : taskManagers) {
      assertEquals(1536, tm.getMemorySize());
      assertEquals(2, tm.getVirtualCores());
    }

    Map<String, Long> counts = new TreeMap<>();
    for (FileStatus part : fs.listStatus(new org.apache.hadoop.fs.Path(output))) {
      if (!part.getPath().getName().startsWith("part-")) {
        continue;
      }
      try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(part.getPath()), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          String[] kv = line.split("\t");
          assertEquals(null, counts.put(kv[0], Long.parseLong(kv[1])), "each word once: " + line);
        }
      }
    }
    assertEquals(expected, counts);
    clusters.assertStagingDirGone(id, 10_000);
  }

  @Test
  void aFailingUserFunctionFailsTheApplicationWithItsMessage() throws Exception {
    MiniYarn.Result result = weft("run", "-m", "yarn-cluster", "-yjm", "768", "-ytm", "1024", "-ys", "1", "-yp", "1",
        "-c", FailingJob.class.getName(), jobsJar.toString());
    assertEquals(1, result.exitCode(), result.out() + result.err());
    assertTrue(result.err().contains(FailingJob.MESSAGE), result.err());
    ApplicationId id = applicationId(result.out());
    JsonNode app = rest("/ws/v1/cluster/apps/" + id).get("app");
    assertEquals("FAILED", app.get("finalStatus").asText());
    String diagnostics = app.get("diagnostics").asText();
    assertTrue(diagnostics.contains(FailingJob.MESSAGE), diagnostics);
    assertTrue(diagnostics.contains("Thrower"), "names the task and operator: " + diagnostics);
    clusters.assertStagingDirGone(id, 10_000);
  }

  @Test
  void aJobThatFailsThreeTimesRestartsFromItsCheckpointsAndLosesOrRepeatsNothing() throws Exception {
    String markers = fs.getUri() + "/markers/recovering";
    String output = fs.getUri() + "/out/recovering";
    ApplicationId id = runFailingThrice(RecoveringSumJob.class, markers, output);

    // The last line of each key is its exact total: no record lost, none counted twice.
    List<String> lines = readLines(output);
    // The last attempt rewrote the parts with the updates after its checkpoint only; a restart
    // from the beginning would have written one line per number.
    assertTrue(lines.size() < RecoveringSumJob.COUNT, "the last attempt resumed from a checkpoint: " + lines.size()
        + " lines");
    Map<Long, Long> expected = new TreeMap<>();
    for (long v = 0; v < RecoveringSumJob.COUNT; v++) {
      expected.merge(v % 10, v, Long::sum);
    }
    assertEquals(expected, lastValuePerKey(lines));
    clusters.assertStagingDirGone(id, 10_000);

    // The retained checkpoint outlives the job. It is the final checkpoint, taken after every
    // operator finished: as in Flink, a new run started from it (-s) finds them all finished and
    // runs none of them again, even with a source configured for more numbers. It ends at once,
    // writing nothing.
    org.apache.hadoop.fs.Path jobDir = new org.apache.hadoop.fs.Path("/checkpoints/"
        + id.toString().replace("application_", "job_"));
    List<String> retained = checkpointMetadataFiles(jobDir);
    assertEquals(1, retained.size(), retained.toString());
    String output2 = fs.getUri() + "/out/recovering-from-checkpoint";
    MiniYarn.Result resumed = weft("run", "-m", "yarn-cluster", "-yjm", "768", "-ytm", "1024", "-ys", "2", "-yp", "2",
        "-s", fs.getUri() + jobDir.toString() + "/" + retained.get(0),
        "-c", RecoveringSumJob.class.getName(), jobsJar.toString(), markers, output2,
        String.valueOf(RecoveringSumJob.COUNT + 10_000));
    assertEquals(0, resumed.exitCode(), resumed.out() + resumed.err());
    org.apache.hadoop.fs.Path out2 = new org.apache.hadoop.fs.Path(output2);
    assertEquals(List.of(), fs.exists(out2) ? readLines(output2) : List.of(),
        "every operator had finished in the restored checkpoint: none runs again");
    String deployedAsFinished = clusters.logLines(applicationId(resumed.out()),
        l -> l.contains("is deployed as finished"), 100);
    assertTrue(!deployedAsFinished.isEmpty(), "the TaskManagers deployed the tasks as finished");
  }

  @Test
  void aFileCopiedThroughTheExactlyOnceSinkSurvivesThreeFailuresWithoutDuplicatesOrGaps() throws Exception {
    org.apache.hadoop.fs.Path input = new org.apache.hadoop.fs.Path("/data/numbers.txt");
    List<String> expected = new ArrayList<>();
    try (FSDataOutputStream o = fs.create(input, true)) {
      for (long v = 0; v < 20_000; v++) {
        expected.add(Long.toString(v));
        o.write((v + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    String markers = fs.getUri() + "/markers/copy";
    String output = fs.getUri() + "/out/copy";
    MiniYarn.Result result = weft("run", "-m", "yarn-cluster", "-yjm", "768", "-ytm", "1024", "-ys", "2", "-yp", "2",
        "-yD", "execution.checkpointing.interval=300ms", "-yD", "state.checkpoints.dir=" + fs.getUri() + "/checkpoints",
        "-yD", "restart-strategy.fixed-delay.delay=200ms",
        "-c", ExactlyOnceCopyJob.class.getName(), jobsJar.toString(), fs.getUri() + input.toString(), markers, output);
    assertEquals(0, result.exitCode(), result.out() + result.err());
    ApplicationId id = applicationId(result.out());
    assertEquals(FailThrice.FAILURES, fs.listStatus(new org.apache.hadoop.fs.Path(markers)).length,
        "every planned failure happened");
    FileStatus[] parts = fs.listStatus(new org.apache.hadoop.fs.Path(output));
    for (FileStatus part : parts) {
      assertTrue(part.getPath().getName().startsWith("part-"), "only committed files are left: " + part.getPath());
    }
    int committedFiles = parts.length;
    List<String> lines = readLines(output);
    assertTrue(committedFiles > 2, "files were committed by checkpoints, not only at the end: " + committedFiles);
    lines.sort(java.util.Comparator.comparingLong(Long::parseLong));
    assertEquals(expected, lines, "every number exactly once");
    org.apache.hadoop.fs.Path checkpoints = new org.apache.hadoop.fs.Path("/checkpoints/"
        + id.toString().replace("application_", "job_"));
    assertEquals(1, checkpointMetadataFiles(checkpoints).size(), "a retained checkpoint in HDFS");
  }

  /** With periodic checkpoints, and without: savepoints need neither the interval nor a checkpoint directory. */
  @ParameterizedTest(name = "periodic checkpoints: {0}")
  @ValueSource(booleans = {true, false})
  void aJobStoppedWithASavepointResumesAtAnotherParallelismWithoutLosingOrRepeatingARecord(boolean periodic)
      throws Exception {
    String output = fs.getUri() + "/out/savepoint-sums-" + periodic;
    String savepoints = fs.getUri() + "/savepoints-" + periodic;
    String[] checkpointing = periodic ? new String[] {"-yD", "execution.checkpointing.interval=300ms",
        "-yD", "state.checkpoints.dir=" + fs.getUri() + "/checkpoints"} : new String[0];
    MiniYarn.Result submitted = weft(concat(new String[] {"run", "-m", "yarn-cluster", "-d", "-yjm", "768",
        "-ytm", "1024", "-ys", "2", "-yp", "2"}, checkpointing,
        new String[] {"-c", SavepointSumJob.class.getName(), jobsJar.toString(), output}));
    assertEquals(0, submitted.exitCode(), submitted.out() + submitted.err());
    ApplicationId first = applicationId(submitted.out());
    awaitRunning(first);
    if (periodic) {
      Await.until("a checkpoint committed output", Duration.ofSeconds(60), () -> hasCommittedPart(output));
    }

    // A savepoint of the running job: its own directory, outliving the job.
    MiniYarn.Result savepoint = weft("savepoint", first.toString(), savepoints);
    assertEquals(0, savepoint.exitCode(), savepoint.out() + savepoint.err());
    String kept = savepointPath(savepoint.out());
    assertTrue(kept.contains("/savepoints-" + periodic + "/savepoint-"), kept);

    // Stop with a savepoint: the job ends SUCCEEDED with what the savepoint covers committed.
    MiniYarn.Result stop = weft("stop", "--savepointPath", savepoints, first.toString());
    assertEquals(0, stop.exitCode(), stop.out() + stop.err());
    String stopPoint = savepointPath(stop.out());
    assertTrue(stop.out().contains("FINISHED (SUCCEEDED)"), stop.out());
    var report = client.getApplicationReport(first);
    assertTrue(report.getDiagnostics().contains("stopped with savepoint " + stopPoint), report.getDiagnostics());
    int linesAtStop = readLines(output).size();
    assertTrue(linesAtStop > 0 && linesAtStop < SavepointSumJob.COUNT, "stopped mid-stream: " + linesAtStop);
    MiniYarn.Result late = weft("savepoint", first.toString());
    assertEquals(2, late.exitCode(), late.out() + late.err());
    assertTrue(late.err().contains("a savepoint needs a running job"), late.err());

    // Resumed from it with the keyed operators and the sink at parallelism 3 (2 TaskManagers).
    MiniYarn.Result resumed = weft(concat(new String[] {"run", "-m", "yarn-cluster", "-yjm", "768", "-ytm", "1024",
        "-ys", "2", "-yp", "3", "-s", stopPoint}, checkpointing,
        new String[] {"-c", SavepointSumJob.class.getName(), jobsJar.toString(), output}));
    assertEquals(0, resumed.exitCode(), resumed.out() + resumed.err());
    List<String> expected = new ArrayList<>();
    long[] sums = new long[10];
    for (long v = 0; v < SavepointSumJob.COUNT; v++) {
      sums[(int) (v % 10)] += v;
      expected.add((v % 10) + "\t" + sums[(int) (v % 10)]);
    }
    StringBuilder files = new StringBuilder();
    for (FileStatus f : fs.listStatus(new org.apache.hadoop.fs.Path(output))) {
      files.append(f.getPath().getName()).append('=').append(f.getLen()).append(' ');
    }
    assertExactly(expected, readLines(output), "every update exactly once over the stopped and the resumed run ("
        + linesAtStop + " lines at the stop; files " + files + ")");
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path(kept, "_metadata")), "savepoints outlive their job");

    // Disposed when no longer needed: only a savepoint, and all of it.
    MiniYarn.Result notASavepoint = weft("savepoint", "-d", output);
    assertEquals(2, notASavepoint.exitCode(), notASavepoint.out() + notASavepoint.err());
    assertTrue(notASavepoint.err().contains("nothing was deleted"), notASavepoint.err());
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path(output)), "the output is still there");
    MiniYarn.Result disposed = weft("savepoint", "-d", kept);
    assertEquals(0, disposed.exitCode(), disposed.out() + disposed.err());
    assertTrue(disposed.out().contains("Disposed savepoint " + kept.replaceAll("/+$", "")), disposed.out());
    assertFalse(fs.exists(new org.apache.hadoop.fs.Path(kept)), "the savepoint's directory is gone");
  }

  /**
   * A restore with the exactly-once sink pointed at a new directory commits the savepoint's pending
   * files where they were written and runs; a restore from corrupt state fails once with the reason,
   * although the restart strategy would allow 30 restarts.
   */
  @Test
  void aRestoreIntoANewDirectoryRunsAndOneFromCorruptStateFailsOnceWithTheReason() throws Exception {
    String output = fs.getUri() + "/out/restore-first";
    String savepoints = fs.getUri() + "/savepoints-restore";
    String[] unlimitedRestarts = {"-yD", "restart-strategy.type=fixed-delay",
        "-yD", "restart-strategy.fixed-delay.attempts=30", "-yD", "restart-strategy.fixed-delay.delay=100ms"};
    MiniYarn.Result submitted = weft("run", "-m", "yarn-cluster", "-d", "-yjm", "768", "-ytm", "1024", "-ys", "2",
        "-yp", "2", "-c", SavepointSumJob.class.getName(), jobsJar.toString(), output);
    assertEquals(0, submitted.exitCode(), submitted.out() + submitted.err());
    ApplicationId first = applicationId(submitted.out());
    awaitRunning(first);
    MiniYarn.Result savepoint = weft("savepoint", first.toString(), savepoints);
    assertEquals(0, savepoint.exitCode(), savepoint.out() + savepoint.err());
    String toCorrupt = savepointPath(savepoint.out());
    MiniYarn.Result stop = weft("stop", "--savepointPath", savepoints, first.toString());
    assertEquals(0, stop.exitCode(), stop.out() + stop.err());
    String stopPoint = savepointPath(stop.out());

    MiniYarn.Result elsewhere = weft(concat(new String[] {"run", "-m", "yarn-cluster", "-yjm", "768", "-ytm", "1024",
        "-ys", "2", "-yp", "2", "-s", stopPoint}, unlimitedRestarts,
        new String[] {"-c", SavepointSumJob.class.getName(), jobsJar.toString(), fs.getUri() + "/out/restore-new-dir"}));
    assertEquals(0, elsewhere.exitCode(), "restored into a new directory: " + elsewhere.out() + elsewhere.err());
    assertTrue(elsewhere.out().contains("FINISHED (SUCCEEDED)"), elsewhere.out());

    int corrupted = 0;
    var files = fs.listFiles(new org.apache.hadoop.fs.Path(toCorrupt), true);
    while (files.hasNext()) {
      FileStatus f = files.next();
      if (!f.getPath().getName().equals("_metadata")) {
        try (FSDataOutputStream o = fs.create(f.getPath(), true)) {
          o.write("these bytes are not state".getBytes(StandardCharsets.UTF_8));
        }
        corrupted++;
      }
    }
    assertTrue(corrupted > 0, "the savepoint has state files: " + toCorrupt);
    MiniYarn.Result broken = weft(concat(new String[] {"run", "-m", "yarn-cluster", "-yjm", "768", "-ytm", "1024",
        "-ys", "2", "-yp", "2", "-s", toCorrupt}, unlimitedRestarts,
        new String[] {"-c", SavepointSumJob.class.getName(), jobsJar.toString(), fs.getUri() + "/out/restore-bad"}));
    assertEquals(1, broken.exitCode(), broken.out() + broken.err());
    ApplicationId id = applicationId(broken.out());
    String diagnostics = client.getApplicationReport(id).getDiagnostics();
    assertEquals(FinalApplicationStatus.FAILED, client.getApplicationReport(id).getFinalApplicationStatus());
    assertTrue(diagnostics.contains("corrupt snapshot file") && diagnostics.contains("not restarted"),
        "fails with the reason: " + diagnostics);
    assertFalse(applicationMasterLog(id).contains("restarting job"), "no restart was tried");
  }

  /** The same lines in any order; on a mismatch, says how many are missing and repeated, with examples. */
  private static void assertExactly(List<String> expected, List<String> actual, String what) {
    Map<String, Integer> counts = new HashMap<>();
    actual.forEach(line -> counts.merge(line, 1, Integer::sum));
    List<String> missing = new ArrayList<>();
    for (String line : expected) {
      if (counts.merge(line, -1, Integer::sum) < 0) {
        missing.add(line);
      }
    }
    List<String> extra = counts.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).sorted()
        .toList();
    assertTrue(missing.isEmpty() && extra.isEmpty(), what + ": " + missing.size() + " missing (e.g. "
        + missing.subList(0, Math.min(5, missing.size())) + "), " + extra.size() + " extra or repeated (e.g. "
        + extra.subList(0, Math.min(5, extra.size())) + ") of " + expected.size());
  }

  private static String savepointPath(String out) {
    Matcher m = Pattern.compile("Savepoint completed: (\\S+)").matcher(out);
    assertTrue(m.find(), "the output names the savepoint: " + out);
    return m.group(1);
  }

  private static String[] concat(String[]... parts) {
    return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
  }

  @Test
  void aWindowedJobThatFailsThreeTimesFiresEveryWindowExactlyOnce() throws Exception {
    String markers = fs.getUri() + "/markers/windowed";
    String output = fs.getUri() + "/out/windowed";
    ApplicationId id = runFailingThrice(WindowedSumJob.class, markers, output);
    Map<String, Long> sums = new TreeMap<>();
    for (long v = 0; v < WindowedSumJob.COUNT; v++) {
      sums.merge(v % 10 + "\t" + v / 100, v, Long::sum);
    }
    List<String> expected = new ArrayList<>();
    sums.forEach((window, sum) -> expected.add(window + "\t" + sum));
    expected.sort(null);
    List<String> lines = readLines(output);
    lines.sort(null);
    assertEquals(expected.size(), lines.size(), "one line per key and window");
    assertEquals(expected, lines, "every window exactly once, with its exact sum");
    org.apache.hadoop.fs.Path checkpoints = new org.apache.hadoop.fs.Path("/checkpoints/"
        + id.toString().replace("application_", "job_"));
    assertEquals(1, checkpointMetadataFiles(checkpoints).size(), "a retained checkpoint in HDFS");
  }

  /**
   * Runs a job that fails three times ({@link FailThrice}, leaving a marker in {@code markers} each
   * time), checkpointing every 300 ms and restarting 200 ms after each failure; returns its
   * application once it has succeeded with every planned failure behind it.
   */
  private ApplicationId runFailingThrice(Class<?> job, String markers, String output) throws Exception {
    MiniYarn.Result result = weft("run", "-m", "yarn-cluster", "-yjm", "768", "-ytm", "1024", "-ys", "2", "-yp", "2",
        "-yD", "execution.checkpointing.interval=300ms", "-yD", "state.checkpoints.dir=" + fs.getUri() + "/checkpoints",
        "-yD", "restart-strategy.fixed-delay.delay=200ms",
        "-c", job.getName(), jobsJar.toString(), markers, output);
    assertEquals(0, result.exitCode(), result.out() + result.err());
    ApplicationId id = applicationId(result.out());
    assertEquals("SUCCEEDED", rest("/ws/v1/cluster/apps/" + id).get("app").get("finalStatus").asText());
    assertEquals(FailThrice.FAILURES, fs.listStatus(new org.apache.hadoop.fs.Path(markers)).length,
        "every planned failure happened");
    return id;
  }

  @Test
  void cancelKillsARunningJobAndLeavesNoContainers() throws Exception {
    MiniYarn.Result submitted = weft("run", "-m", "yarn-cluster", "-d", "-yjm", "768", "-ytm", "1024", "-ys", "1", "-yp", "1",
        "-yD", "execution.checkpointing.interval=500ms", "-yD", "state.checkpoints.dir=" + fs.getUri() + "/checkpoints",
        "-c", SlowBoundedJob.class.getName(), jobsJar.toString());
    assertEquals(0, submitted.exitCode(), submitted.out() + submitted.err());
    ApplicationId id = applicationId(submitted.out());
    awaitRunning(id);
    assertTrue(processesOf(id) >= 2, "an ApplicationMaster and a TaskManager process run");
    // The source's share read moves YARN's progress off 0 (heartbeats come every 5 s).
    double progress = Await.value("the ResourceManager shows progress", Duration.ofSeconds(30), () -> {
      double p = rest("/ws/v1/cluster/apps/" + id).get("app").get("progress").asDouble();
      return p > 0 ? p : null;
    });
    assertTrue(progress > 0 && progress < 50, "the ResourceManager shows the share of input read: " + progress);
    // Checkpoints complete and land in HDFS; older ones are deleted, one is retained. (Deletion
    // follows completion, so for a moment two may be there: wait for a newer one to stand alone.)
    org.apache.hadoop.fs.Path jobDir = new org.apache.hadoop.fs.Path("/checkpoints/"
        + id.toString().replace("application_", "job_"));
    List<String> completed = Await.value("a checkpoint completed", Duration.ofSeconds(30), () -> {
      List<String> files = checkpointMetadataFiles(jobDir);
      return files.isEmpty() ? null : files;
    });
    long first = completed.stream().mapToLong(n -> Long.parseLong(n.substring(4))).max().orElseThrow();
    List<String> metadata = Await.value("a newer checkpoint than chk-" + first + " stands alone",
        Duration.ofSeconds(30), () -> {
          List<String> files = checkpointMetadataFiles(jobDir);
          return files.size() == 1 && Long.parseLong(files.get(0).substring(4)) > first ? files : null;
        });
    assertEquals(1, metadata.size(), "one retained checkpoint: " + metadata);
    assertTrue(Long.parseLong(metadata.get(0).substring(4)) > first, "a newer one replaced chk-" + first);

    MiniYarn.Result canceled = weft("cancel", id.toString());
    assertEquals(0, canceled.exitCode(), canceled.err());
    // weft cancel asks the JobManager, which cancels the tasks, archives the job and unregisters KILLED.
    assertTrue(canceled.out().contains(" (KILLED); job " + id.toString().replace("application_", "job_")
        + " CANCELED and archived for the history server"), canceled.out());
    assertEquals("KILLED", rest("/ws/v1/cluster/apps/" + id).get("app").get("finalStatus").asText());

    Await.until("no process or container of " + id + " is left", Duration.ofSeconds(60),
        () -> processesOf(id) == 0 && clusters.runningContainersOf(id) == 0);
    assertEquals(0, processesOf(id), "no process of the application is left");
    assertEquals(0, clusters.runningContainersOf(id), "no container of the application is left");
    clusters.assertStagingDirGone(id, 10_000);
  }

  @Test
  void aForwardOnlyJobSpreadsOverTwoTaskManagers() throws Exception {
    String output = fs.getUri() + "/out/forward";
    Map<ContainerId, Resource> containers = new HashMap<>();
    MiniYarn.Result result = weftWatchingContainers(containers, "run", "-m", "yarn-cluster", "-yjm", "768", "-ytm", "1024",
        "-ys", "2", "-yp", "4", "-c", ForwardJob.class.getName(), jobsJar.toString(), output);
    assertEquals(0, result.exitCode(), result.out() + result.err());
    ApplicationId id = applicationId(result.out());
    assertEquals(3, containers.size(), "1 ApplicationMaster + 2 TaskManagers: " + containers);
    long count = 0;
    long sum = 0;
    for (FileStatus part : fs.listStatus(new org.apache.hadoop.fs.Path(output))) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(part.getPath()), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          count++;
          sum += Long.parseLong(line.trim());
        }
      }
    }
    assertEquals(1_000, count);
    assertEquals(2 * 500_500L, sum);
    assertEquals("SUCCEEDED", rest("/ws/v1/cluster/apps/" + id).get("app").get("finalStatus").asText());
    clusters.assertStagingDirGone(id, 10_000);
  }

  @Test
  void shippedFilesReachEveryContainerAndTheClasspath() throws Exception {
    Path local = Files.createDirectories(dir.resolve("ship"));
    Path greeting = Files.writeString(local.resolve("greeting.txt"), "hello from -yt\n");
    Path shipDir = Files.createDirectories(local.resolve("shipdir"));
    Files.writeString(Files.createDirectories(shipDir.resolve("sub")).resolve("nested.txt"), "nested file\n");
    Files.writeString(shipDir.resolve("dir-resource.txt"), "resource of the directory\n");
    Path extraJar = local.resolve("extra.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(extraJar))) {
      out.putNextEntry(new JarEntry("jar-resource.txt"));
      out.write("resource of the jar".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    String output = fs.getUri() + "/out/shipped";
    // The application id the run gets must be the next one: checking the container sizes costs none.
    ApplicationId probe = client.createApplication().getApplicationSubmissionContext().getApplicationId();

    Map<ContainerId, Resource> containers = new HashMap<>();
    Map<ContainerId, ContainerLaunchContext> launches = new HashMap<>();
    MiniYarn.Result result = weftWatchingContainers(containers, launches, "run", "-m", "yarn-cluster",
        "-yjm", "768", "-ytm", "1024", "-ys", "1", "-yp", "1",
        "-yt", greeting.toString(), "-yt", shipDir.toString(), "-yt", extraJar.toString(),
        "-c", ShipFilesJob.class.getName(), jobsJar.toString(), output);
    assertEquals(0, result.exitCode(), result.out() + result.err());
    ApplicationId id = applicationId(result.out());
    assertEquals(probe.getId() + 1, id.getId(), "one application id per run: " + probe + ", then " + id);

    assertEquals(List.of("hello from -yt|nested file|resource of the directory|resource of the jar"),
        readLines(output));
    assertEquals(2, launches.size(), "the ApplicationMaster and one TaskManager: " + launches.keySet());
    for (Map.Entry<ContainerId, ContainerLaunchContext> e : launches.entrySet()) {
      Set<String> names = e.getValue().getLocalResources().keySet();
      for (String name : List.of("greeting.txt", "shipdir/sub/nested.txt", "shipdir/dir-resource.txt", "extra.jar",
          "job.jar", "weft-conf.yaml")) {
        assertTrue(names.contains(name), e.getKey() + " gets " + name + ": " + names);
      }
      String classpath = e.getValue().getEnvironment().get("CLASSPATH");
      assertTrue(classpath.contains("/shipdir") && classpath.contains("/extra.jar"), e.getKey() + ": " + classpath);
      assertFalse(classpath.contains("/greeting.txt"), "plain files are not classpath entries: " + classpath);
    }
    clusters.assertStagingDirGone(id, 10_000);
  }

  @Test
  void aMissingShipFileIsRefusedBeforeAnythingIsSubmitted() throws Exception {
    Set<ApplicationId> before = applicationIds();
    String missing = dir.resolve("no-such-file.txt").toString();
    MiniYarn.Result result = weft("run", "-m", "yarn-cluster", "-yt", missing, "-c", ForwardJob.class.getName(),
        jobsJar.toString(), fs.getUri() + "/out/never");
    assertEquals(2, result.exitCode(), result.out() + result.err());
    assertEquals("-yt: '" + missing + "' does not exist; ship an existing file or directory", result.err().trim());
    assertEquals(before, applicationIds(), "nothing was submitted");
  }

  /** -sae: scripts/weft, attached, is ended with SIGTERM while its job runs; the application goes with it. */
  @Test
  void anAttachedRunEndedWithShutdownOnAttachedExitKillsItsApplication() throws Exception {
    Path output = dir.resolve("sae.out");
    ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("scripts/weft").toString(), "run", "-sae", "-m",
        "yarn-cluster", "-yjm", "768", "-ytm", "1024", "-ys", "1", "-yp", "1", "-c", EndlessJob.class.getName(),
        jobsJar.toString())
        .redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().put("HADOOP_CONF_DIR", clusters.confDir().toString());
    Process weft = builder.start();
    ApplicationId id = Await.value("weft run submitted", Duration.ofSeconds(120), () -> {
      Matcher m = MiniYarn.SUBMITTED.matcher(Files.readString(output));
      if (m.find()) {
        return ApplicationId.fromString(m.group(1));
      }
      assertTrue(weft.isAlive(), "weft run is still running: " + Files.readString(output));
      return null;
    });
    awaitRunning(id);
    weft.destroy(); // SIGTERM, as a Ctrl-C or a scheduler ending the client would
    assertTrue(weft.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "weft run ended");
    waitUntilGone(id);
    assertTrue(Files.readString(output).contains("killed application " + id + " (-sae)"), Files.readString(output));
  }

  @Test
  void aKillOnTheLastAttemptDeletesTheStagingDirectoryInTheApplicationMaster() throws Exception {
    ApplicationId id = submitEndlessJob("-yD", "yarn.application-attempts=1");
    assertTrue(fs.exists(staging(id)), "staged: " + staging(id));

    client.killApplication(id); // as yarn application -kill does: no weft code on the client side
    waitUntilGone(id);
    assertFalse(fs.exists(staging(id)), "the ApplicationMaster deleted " + staging(id) + " as it was killed");
    String log = applicationMasterLog(id);
    Matcher took = Pattern.compile("deleting the staging directory took (\\d+) ms").matcher(log);
    assertTrue(took.find(), "the shutdown hook deleted it:\n" + log);
    System.out.println("Staging directory deleted on SIGTERM in " + took.group(1) + " ms (SIGKILL follows after "
        + yarn.getConfig().getLong(YarnConfiguration.NM_SLEEP_DELAY_BEFORE_SIGKILL_MS,
            YarnConfiguration.DEFAULT_NM_SLEEP_DELAY_BEFORE_SIGKILL_MS) + " ms)");
  }

  @Test
  void aKillOnAnEarlierAttemptLeavesTheStagingDirectoryToTheSweep() throws Exception {
    ApplicationId id = submitEndlessJob(); // two attempts: a SIGTERM may mean another attempt comes
    client.killApplication(id);
    waitUntilGone(id);
    String log = applicationMasterLog(id);
    assertTrue(log.contains("Not the last attempt"), log);
    assertFalse(log.contains("Terminated on the last attempt"), log);
    System.out.println("After the kill, before the sweep, " + staging(id) + " exists: " + fs.exists(staging(id)));

    // Left behind by applications the ResourceManager never knew (another cluster incarnation):
    // an old one goes, a fresh one may still be uploading for a weft run elsewhere and stays.
    org.apache.hadoop.fs.Path unknownOld = new org.apache.hadoop.fs.Path(weftHome(), "application_1000_0001");
    org.apache.hadoop.fs.Path unknownNew = new org.apache.hadoop.fs.Path(weftHome(), "application_1000_0002");
    org.apache.hadoop.fs.Path notAnApplication = new org.apache.hadoop.fs.Path(weftHome(), "notes");
    for (org.apache.hadoop.fs.Path p : List.of(unknownOld, unknownNew, notAnApplication)) {
      fs.mkdirs(p);
      fs.create(new org.apache.hadoop.fs.Path(p, "job.jar")).close();
    }
    fs.setTimes(unknownOld, System.currentTimeMillis() - 2 * 60 * 60 * 1000L, -1);
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path(weftHome(), "lib")), "Weft's shared jars are cached");
    try {
      MiniYarn.Result list = weft("list");
      assertEquals(0, list.exitCode(), list.err());
      assertFalse(fs.exists(staging(id)), "the sweep deleted " + staging(id));
      assertFalse(fs.exists(unknownOld), "the sweep deleted " + unknownOld);
      assertTrue(fs.exists(unknownNew), "recent: " + unknownNew);
      assertTrue(fs.exists(notAnApplication), "not an application's: " + notAnApplication);
      assertTrue(fs.listStatus(new org.apache.hadoop.fs.Path(weftHome(), "lib")).length > 0, "lib/ is never swept");
    } finally {
      fs.delete(unknownNew, true);
      fs.delete(notAnApplication, true);
    }
  }

  // ---- helpers ----

  /** The chk-n/_metadata files under a job's checkpoint directory. */
  private static List<String> checkpointMetadataFiles(org.apache.hadoop.fs.Path jobDir) throws Exception {
    List<String> found = new ArrayList<>();
    if (fs.exists(jobDir)) {
      for (FileStatus chk : fs.listStatus(jobDir)) {
        if (fs.exists(new org.apache.hadoop.fs.Path(chk.getPath(), "_metadata"))) {
          found.add(chk.getPath().getName());
        }
      }
    }
    return found;
  }

  /** Submits EndlessJob detached and waits until its tasks run. */
  private static ApplicationId submitEndlessJob(String... flags) throws Exception {
    List<String> args = new ArrayList<>(List.of("run", "-m", "yarn-cluster", "-d", "-yjm", "768", "-ytm", "1024",
        "-ys", "1", "-yp", "1"));
    args.addAll(List.of(flags));
    args.addAll(List.of("-c", EndlessJob.class.getName(), jobsJar.toString()));
    MiniYarn.Result submitted = weft(args.toArray(new String[0]));
    assertEquals(0, submitted.exitCode(), submitted.out() + submitted.err());
    ApplicationId id = applicationId(submitted.out());
    // A detached run says where to find the job: its id, its tracking URL and how to stop it.
    assertTrue(submitted.out().contains("Job ID: " + id.toString().replace("application_", "job_")), submitted.out());
    assertTrue(submitted.out().contains("Tracking URL: http://" + rmWebapp + "/proxy/" + id + "/"), submitted.out());
    assertTrue(submitted.out().contains("weft cancel " + id), submitted.out());
    awaitRunning(id);
    return id;
  }

  /** Waits until the JobManager's REST API (below the tracking URL) says its job runs. */
  private static void awaitRunning(ApplicationId id) throws Exception {
    Await.until("the job of " + id + " reached RUNNING", Duration.ofSeconds(120), () -> {
      String url = client.getApplicationReport(id).getOriginalTrackingUrl();
      if (url == null || !url.startsWith("http")) {
        return false;
      }
      try {
        return get(url.replaceAll("/+$", "") + "/api/v1/overview").contains("\"state\":\"RUNNING\"");
      } catch (Exception e) {
        return false; // not up yet
      }
    });
  }

  /** Waits until YARN says KILLED and no process or container of the application is left. */
  private static void waitUntilGone(ApplicationId id) throws Exception {
    Await.until(id + " is KILLED with no process or container left", Duration.ofSeconds(60),
        () -> client.getApplicationReport(id).getYarnApplicationState() == YarnApplicationState.KILLED
            && processesOf(id) == 0 && clusters.runningContainersOf(id) == 0);
    assertEquals(YarnApplicationState.KILLED, client.getApplicationReport(id).getYarnApplicationState());
    assertEquals(0, processesOf(id), "no process of the application is left");
    assertEquals(0, clusters.runningContainersOf(id), "no container of the application is left");
  }

  /** The ApplicationMaster's jobmanager.log, from the NodeManager's log directories. */
  private static String applicationMasterLog(ApplicationId id) throws Exception {
    String amContainer = client.getApplicationAttemptReport(client.getApplicationReport(id)
        .getCurrentApplicationAttemptId()).getAMContainerId().toString();
    for (String logDir : yarn.getNodeManager(0).getConfig().getTrimmedStrings(YarnConfiguration.NM_LOG_DIRS)) {
      Path log = Path.of(logDir, id.toString(), amContainer, "jobmanager.log");
      if (Files.exists(log)) {
        return Files.readString(log);
      }
    }
    throw new AssertionError("no jobmanager.log of " + amContainer);
  }

  private static org.apache.hadoop.fs.Path weftHome() {
    return new org.apache.hadoop.fs.Path(fs.getHomeDirectory(), ".weft");
  }

  private static org.apache.hadoop.fs.Path staging(ApplicationId id) {
    return new org.apache.hadoop.fs.Path(weftHome(), id.toString());
  }

  /** "key TAB value" lines: the last value written for each key. */
  private static Map<Long, Long> lastValuePerKey(List<String> lines) {
    Map<Long, Long> last = new TreeMap<>();
    for (String line : lines) {
      String[] kv = line.split("\t");
      last.put(Long.parseLong(kv[0]), Long.parseLong(kv[1]));
    }
    return last;
  }

  /**
   * Whether a checkpoint committed a part file to {@code directory}. Lists names only: an in-progress
   * file of the running job may be renamed between a listing and its opening.
   */
  private static boolean hasCommittedPart(String directory) throws Exception {
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(directory);
    if (!fs.exists(dir)) {
      return false;
    }
    for (FileStatus f : fs.listStatus(dir)) {
      if (f.getPath().getName().startsWith("part-")) {
        return true;
      }
    }
    return false;
  }

  private static List<String> readLines(String directory) throws Exception {
    List<String> lines = new ArrayList<>();
    for (FileStatus part : fs.listStatus(new org.apache.hadoop.fs.Path(directory))) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(part.getPath()), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          lines.add(line);
        }
      }
    }
    return lines;
  }

  /** Runs weft attached and records every container of the new application while it runs. */
  private static MiniYarn.Result weftWatchingContainers(Map<ContainerId, Resource> containers, String... args)
      throws Exception {
    return weftWatchingContainers(containers, new HashMap<>(), args);
  }

  /** The same, also recording how the NodeManager launched each container (local resources, environment). */
  private static MiniYarn.Result weftWatchingContainers(Map<ContainerId, Resource> containers,
      Map<ContainerId, ContainerLaunchContext> launches, String... args) throws Exception {
    Set<ApplicationId> before = applicationIds();
    CompletableFuture<MiniYarn.Result> run = CompletableFuture.supplyAsync(() -> weft(args));
    ApplicationId id = null;
    while (!run.isDone()) {
      if (id == null) {
        Set<ApplicationId> now = applicationIds();
        now.removeAll(before);
        id = now.isEmpty() ? null : now.iterator().next();
      }
      if (id != null) {
        recordContainers(id, containers);
        for (var c : yarn.getNodeManager(0).getNMContext().getContainers().values()) {
          if (c.getContainerId().getApplicationAttemptId().getApplicationId().equals(id)) {
            launches.putIfAbsent(c.getContainerId(), c.getLaunchContext());
          }
        }
      }
      Thread.sleep(200);
    }
    return run.get();
  }

  private static Set<ApplicationId> applicationIds() throws Exception {
    Set<ApplicationId> ids = new HashSet<>();
    for (var app : client.getApplications(Set.of("WEFT"))) {
      ids.add(app.getApplicationId());
    }
    return ids;
  }

  private static void recordContainers(ApplicationId id, Map<ContainerId, Resource> into) {
    try {
      for (ApplicationAttemptReport attempt : client.getApplicationAttempts(id)) {
        for (ContainerReport c : client.getContainers(attempt.getApplicationAttemptId())) {
          into.put(c.getContainerId(), c.getAllocatedResource());
        }
      }
    } catch (Exception e) {
      // The application may not be known yet.
    }
  }

  private static JsonNode rest(String path) throws Exception {
    return JSON.readTree(get("http://" + rmWebapp + path));
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

  /** Processes whose command line names the application (its container log directories do). */
  private static long processesOf(ApplicationId id) {
    String name = id.toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(cmd -> cmd.contains(name) && cmd.contains("java")).orElse(false))
        .count();
  }
}
