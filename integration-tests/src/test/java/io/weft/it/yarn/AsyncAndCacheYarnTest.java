package io.weft.it.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.it.MiniYarn;
import io.weft.it.SharedYarn;
import io.weft.it.yarn.jobs.AsyncCopyJob;
import io.weft.it.yarn.jobs.CachedFileJob;
import io.weft.testing.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.SignalContainerCommand;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #22 on YARN: an async I/O job keeps exactly-once output across a killed TaskManager (its
 * in-flight records are in the checkpoints), and cached files from HDFS and from the client's disk
 * reach every subtask, localized by the NodeManager once, not once per task.
 */
class AsyncAndCacheYarnTest {
  private static final int LINES = 20_000;
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
      run.get(120, TimeUnit.SECONDS); // ends once its application ended
    }
  }

  @Test
  void anAsyncJobKeepsExactlyOnceOutputWhenATaskManagerIsKilled() throws Exception {
    org.apache.hadoop.fs.Path input = new org.apache.hadoop.fs.Path("/data/async-numbers.txt");
    List<String> expected = new ArrayList<>();
    try (FSDataOutputStream o = fs.create(input, true)) {
      for (long v = 0; v < LINES; v++) {
        expected.add(Long.toString(v));
        o.write((v + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    String output = fs.getUri() + "/out/async-copy";
    CompletableFuture<MiniYarn.Result> run = CompletableFuture.supplyAsync(() -> clusters.weft("run", "-m",
        "yarn-cluster", "-yjm", "768", "-ytm", "1024", "-ys", "1", "-yp", "2",
        "-yD", "execution.checkpointing.interval=300ms", "-yD", "state.checkpoints.dir=" + fs.getUri() + "/checkpoints",
        "-yD", "restart-strategy.fixed-delay.delay=200ms",
        "-c", AsyncCopyJob.class.getName(), jobsJar.toString(), fs.getUri() + input.toString(), output, "20"));
    attachedRuns.add(run);
    ApplicationId id = clusters.awaitApplication(run, YarnApplicationState.RUNNING);
    // A checkpoint completed (its files committed) and the copy is not over: the kill lands in the middle.
    Await.until("a checkpoint committed files, or the run ended", Duration.ofSeconds(120),
        () -> committedFiles(output) > 0 || run.isDone());
    assertTrue(committedFiles(output) > 0, "a checkpoint completed before the kill");
    assertFalse(run.isDone(), "the copy is not over yet");
    var attempt = client.getApplicationReport(id).getCurrentApplicationAttemptId();
    ContainerId am = client.getApplicationAttemptReport(attempt).getAMContainerId();
    ContainerId taskManager = null;
    for (ContainerReport c : client.getContainers(attempt)) {
      if (!c.getContainerId().equals(am) && c.getContainerState() == ContainerState.RUNNING) {
        taskManager = c.getContainerId();
      }
    }
    assertTrue(taskManager != null, "a TaskManager container runs");
    client.signalToContainer(taskManager, SignalContainerCommand.FORCEFUL_SHUTDOWN);

    MiniYarn.Result result = run.get(300, TimeUnit.SECONDS);
    assertEquals(0, result.exitCode(), result.out() + result.err());
    ApplicationReport report = client.getApplicationReport(id);
    assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus());
    assertTrue(report.getDiagnostics().contains(taskManager.toString()),
        "the job restarted because of the killed container: " + report.getDiagnostics());
    List<String> lines = new ArrayList<>();
    for (FileStatus part : fs.listStatus(new org.apache.hadoop.fs.Path(output))) {
      assertTrue(part.getPath().getName().startsWith("part-"), "only committed files are left: " + part.getPath());
      lines.addAll(read(part.getPath()));
    }
    lines.sort(Comparator.comparingLong(Long::parseLong));
    assertEquals(expected.size(), lines.size(), "as many lines as the input");
    assertEquals(expected, lines, "every number exactly once");
  }

  @Test
  void cachedFilesFromHdfsAndFromTheClientReachEverySubtaskLocalizedOncePerNode() throws Exception {
    org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path("/cache/model.txt");
    try (FSDataOutputStream o = fs.create(remote, true)) {
      o.write("model from hdfs\n".getBytes(StandardCharsets.UTF_8));
    }
    Path local = Files.createDirectories(dir.resolve("dictionary/sub"));
    Files.writeString(local.resolve("words.txt"), "words from the client\n");
    String output = fs.getUri() + "/out/cached";
    MiniYarn.Result result = clusters.weft("run", "-m", "yarn-cluster", "-yjm", "768", "-ytm", "1024", "-ys", "2",
        "-yp", "4", "-c", CachedFileJob.class.getName(), jobsJar.toString(), fs.getUri() + remote.toString(),
        dir.resolve("dictionary").toString(), output);
    assertEquals(0, result.exitCode(), result.out() + result.err());
    ApplicationId id = MiniYarn.applicationId(result.out());

    Map<Integer, Map<String, String>> bySubtask = new HashMap<>();
    for (FileStatus part : fs.listStatus(new org.apache.hadoop.fs.Path(output))) {
      for (String line : read(part.getPath())) {
        Map<String, String> fields = new HashMap<>();
        for (String field : line.split("\t")) {
          fields.put(field.substring(0, field.indexOf('=')), field.substring(field.indexOf('=') + 1));
        }
        bySubtask.put(Integer.parseInt(fields.get("subtask")), fields);
      }
    }
    assertEquals(Set.of(0, 1, 2, 3), bySubtask.keySet(), "every subtask read the files");
    Set<String> containers = new HashSet<>();
    Set<String> remotePaths = new HashSet<>();
    Set<String> localPaths = new HashSet<>();
    for (Map<String, String> f : bySubtask.values()) {
      assertEquals("model from hdfs", f.get("remote"));
      assertEquals("words from the client", f.get("local"));
      assertEquals("true", f.get("executable"));
      containers.add(f.get("container"));
      remotePaths.add(f.get("remotePath"));
      localPaths.add(f.get("localPath"));
    }
    assertEquals(2, containers.size(), "two TaskManagers of two slots: " + containers);
    // Each file is one copy in the NodeManager's cache of this application (one NodeManager here),
    // linked into both containers: not one per task, not one per container.
    String appCache = "/appcache/" + id + "/filecache/";
    assertEquals(1, remotePaths.size(), remotePaths.toString());
    assertEquals(1, localPaths.size(), localPaths.toString());
    assertTrue(remotePaths.iterator().next().contains(appCache), remotePaths.toString());
    assertTrue(localPaths.iterator().next().contains(appCache), localPaths.toString());
    // The client's file went through the staging directory; the HDFS one was read in place.
    String launchContexts = String.join("\n", containerLaunchScripts(id));
    assertTrue(launchContexts.contains("weft-cache/remote"), launchContexts);
    assertTrue(launchContexts.contains("weft-cache/local/sub/words.txt"), launchContexts);
  }

  @Test
  void aMissingCachedFileIsRefusedBeforeAnythingIsSubmitted() throws Exception {
    int before = client.getApplications().size();
    MiniYarn.Result result = clusters.weft("run", "-m", "yarn-cluster", "-yjm", "768", "-ytm", "1024",
        "-c", CachedFileJob.class.getName(), jobsJar.toString(), fs.getUri() + "/cache/missing.txt",
        dir.resolve("no-such-dir").toString(), fs.getUri() + "/out/never");
    assertEquals(2, result.exitCode(), result.out() + result.err());
    assertTrue(result.err().contains("registerCachedFile(\"" + fs.getUri() + "/cache/missing.txt\", \"remote\")")
        && result.err().contains("does not exist"), result.err());
    assertEquals(before, client.getApplications().size(), "nothing was submitted");
  }

  /** The launch scripts the NodeManager wrote for the application's TaskManager containers (their links). */
  private static List<String> containerLaunchScripts(ApplicationId id) throws Exception {
    List<String> scripts = new ArrayList<>();
    for (String logDir : clusters.yarn().getNodeManager(0).getConfig()
        .getTrimmedStrings(org.apache.hadoop.yarn.conf.YarnConfiguration.NM_LOG_DIRS)) {
      Path appDir = Path.of(logDir, id.toString());
      if (!Files.isDirectory(appDir)) {
        continue;
      }
      try (var files = Files.walk(appDir)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          if (p.getFileName().toString().equals("launch_container.sh")) {
            scripts.add(Files.readString(p));
          }
        }
      }
    }
    return scripts;
  }

  private static int committedFiles(String output) throws Exception {
    org.apache.hadoop.fs.Path d = new org.apache.hadoop.fs.Path(output);
    if (!fs.exists(d)) {
      return 0;
    }
    int n = 0;
    for (FileStatus f : fs.listStatus(d)) {
      n += f.getPath().getName().startsWith("part-") ? 1 : 0;
    }
    return n;
  }

  private static List<String> read(org.apache.hadoop.fs.Path file) throws Exception {
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lines.add(line);
      }
    }
    return lines;
  }
}
