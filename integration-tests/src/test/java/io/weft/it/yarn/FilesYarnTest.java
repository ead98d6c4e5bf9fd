package io.weft.it.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.connectors.files.partition.PartitionCommitter;
import io.weft.connectors.files.sink.FileSink;
import io.weft.it.MiniYarn;
import io.weft.it.SharedYarn;
import io.weft.it.yarn.jobs.ContinuousLinesJob;
import io.weft.it.yarn.jobs.HourlyEvent;
import io.weft.it.yarn.jobs.HourlyParquetJob;
import io.weft.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.avro.reflect.ReflectData;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.SignalContainerCommand;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The files connector on YARN and HDFS: a keyed event-time job writes Parquet into hourly buckets
 * with partition commit, and a TaskManager is killed while it runs. Read back with parquet-hadoop,
 * every event is in exactly one committed file (and every key's running count 1..n once), no
 * in-progress file is left, and every hour has {@code _SUCCESS}. The job jar carries the connector
 * and Parquet, as a user's fat jar does. And a continuous file source: files added while the job
 * runs and a TaskManager killed, each line is committed exactly once.
 */
class FilesYarnTest {
  

  @RegisterExtension static final SharedYarn YARN = SharedYarn.standard();
  @TempDir static Path dir;
  private static MiniYarn clusters;
  private static YarnClient client;
  private static Path jobJar;

  @BeforeAll
  static void start() throws Exception {
    clusters = YARN.clusters();
    client = clusters.client();
    jobJar = clusters.jobsJarWith(FileSink.class, "files-job.jar");
  }

  @Test
  void parquetInHourlyBucketsExactlyOnceWithATaskManagerKilledAndEveryHourCommitted() throws Exception {
    String output = clusters.fs().getUri() + "/tables/events";
    String checkpoints = clusters.fs().getUri() + "/checkpoints";
    CompletableFuture<MiniYarn.Result> run = CompletableFuture.supplyAsync(() -> clusters.weft("run", "-m",
        "yarn-cluster", "-yjm", "768", "-ytm", "1024", "-ys", "1", "-yp", "2",
        "-yD", "execution.checkpointing.interval=500ms", "-yD", "state.checkpoints.dir=" + checkpoints,
        "-yD", "restart-strategy.fixed-delay.delay=200ms",
        "-c", HourlyParquetJob.class.getName(), jobJar.toString(), output));
    try {
      ApplicationId id = clusters.awaitSubmitted(run);
      awaitWhileRunning("Parquet files were committed", Duration.ofSeconds(180), run,
          () -> !committedFiles(output).isEmpty());
      assertTrue(!committedFiles(output).isEmpty() && !run.isDone(), "Parquet files were committed while the job ran");
      ContainerId am = client.getApplicationAttemptReport(
          client.getApplicationReport(id).getCurrentApplicationAttemptId()).getAMContainerId();
      ContainerId taskManager = null;
      for (ContainerReport c : client.getContainers(client.getApplicationReport(id).getCurrentApplicationAttemptId())) {
        if (!c.getContainerId().equals(am) && c.getContainerState() == ContainerState.RUNNING) {
          taskManager = c.getContainerId();
        }
      }
      assertTrue(taskManager != null, "a TaskManager container runs");
      System.out.println("Killing the TaskManager container " + taskManager);
      client.signalToContainer(taskManager, SignalContainerCommand.FORCEFUL_SHUTDOWN);

      MiniYarn.Result result = run.get(300, TimeUnit.SECONDS);
      assertEquals(0, result.exitCode(), result.out() + result.err());
      assertEquals(FinalApplicationStatus.SUCCEEDED, client.getApplicationReport(id).getFinalApplicationStatus());
    } finally {
      clusters.killRunningApplications();
    }

    List<String> hidden = new ArrayList<>();
    TreeSet<String> hoursWithData = new TreeSet<>();
    Map<Long, Integer> timesSeen = new HashMap<>();
    Map<String, List<Long>> countsByKey = new HashMap<>();
    RemoteIterator<LocatedFileStatus> files = clusters.fs().listFiles(new org.apache.hadoop.fs.Path(output), true);
    while (files.hasNext()) {
      org.apache.hadoop.fs.Path f = files.next().getPath();
      String name = f.getName();
      if (name.endsWith(".inprogress")) {
        hidden.add(f.toString());
      }
      if (!name.startsWith("part-")) {
        continue;
      }
      String hour = f.getParent().getName();
      for (HourlyEvent e : read(f)) {
        timesSeen.merge(e.seq, 1, Integer::sum);
        countsByKey.computeIfAbsent(e.key, k -> new ArrayList<>()).add(e.count);
        assertEquals(String.format("hour=%02d", e.time / 3_600_000), hour, "event " + e.seq + " is in its hour's bucket");
        hoursWithData.add(hour);
      }
    }
    assertEquals(List.of(), hidden, "no in-progress file is left");
    assertEquals(HourlyParquetJob.COUNT, timesSeen.size(), "every event was committed");
    assertTrue(timesSeen.values().stream().allMatch(n -> n == 1), "no event was committed twice");
    for (Map.Entry<String, List<Long>> e : countsByKey.entrySet()) {
      List<Long> counts = new ArrayList<>(e.getValue());
      counts.sort(null);
      for (int i = 0; i < counts.size(); i++) {
        assertEquals(i + 1, counts.get(i), "key " + e.getKey() + ": each running count once");
      }
    }
    long hours = (HourlyParquetJob.COUNT - 1) * HourlyParquetJob.STEP_MS / 3_600_000 + 1;
    assertEquals(hours, hoursWithData.size(), "buckets: " + hoursWithData);
    for (String hour : hoursWithData) {
      assertTrue(clusters.fs().exists(new org.apache.hadoop.fs.Path(output + "/dt=1970-01-01/" + hour + "/"
          + PartitionCommitter.SUCCESS_FILE)), hour + " is committed with _SUCCESS");
    }
  }

  @Test
  void aContinuousFileSourceReadsFilesAddedWhileItRunsExactlyOnceWithATaskManagerKilled() throws Exception {
    String input = clusters.fs().getUri() + "/incoming";
    String output = clusters.fs().getUri() + "/copied";
    int files = 6;
    int linesPerFile = 800;
    addFile(input, 0, linesPerFile);
    CompletableFuture<MiniYarn.Result> run = CompletableFuture.supplyAsync(() -> clusters.weft("run", "-m",
        "yarn-cluster", "-yjm", "768", "-ytm", "1024", "-ys", "1", "-yp", "2",
        "-yD", "execution.checkpointing.interval=500ms",
        "-yD", "state.checkpoints.dir=" + clusters.fs().getUri() + "/checkpoints-continuous",
        "-yD", "restart-strategy.fixed-delay.delay=200ms",
        "-c", ContinuousLinesJob.class.getName(), jobJar.toString(), input, output));
    try {
      ApplicationId id = clusters.awaitSubmitted(run);
      awaitCommittedLines(output, 1, run);
      addFile(input, 1, linesPerFile);
      addFile(input, 2, linesPerFile);
      ContainerId am = client.getApplicationAttemptReport(
          client.getApplicationReport(id).getCurrentApplicationAttemptId()).getAMContainerId();
      ContainerId taskManager = null;
      for (ContainerReport c : client.getContainers(client.getApplicationReport(id).getCurrentApplicationAttemptId())) {
        if (!c.getContainerId().equals(am) && c.getContainerState() == ContainerState.RUNNING) {
          taskManager = c.getContainerId();
        }
      }
      assertTrue(taskManager != null, "a TaskManager container runs");
      System.out.println("Killing the TaskManager container " + taskManager);
      client.signalToContainer(taskManager, SignalContainerCommand.FORCEFUL_SHUTDOWN);
      for (int f = 3; f < files; f++) {
        addFile(input, f, linesPerFile);
      }
      awaitCommittedLines(output, files * linesPerFile, run);
      // A few more checkpoints: a line read twice would be committed by now.
      int checkpointsBefore = checkpointsOf(id);
      awaitWhileRunning("three more checkpoints completed", Duration.ofSeconds(60), run,
          () -> checkpointsOf(id) >= checkpointsBefore + 3);
      assertTrue(!run.isDone(), "the unbounded job still runs: " + (run.isDone() ? run.get().out() + run.get().err() : ""));
    } finally {
      clusters.killRunningApplications();
    }
    List<String> lines = clusters.committedLines(output);
    Map<String, Integer> times = new HashMap<>();
    lines.forEach(l -> times.merge(l, 1, Integer::sum));
    assertEquals(files * linesPerFile, times.size(), "every line was committed");
    assertTrue(times.values().stream().allMatch(n -> n == 1), "no line was committed twice");
    assertEquals(files * linesPerFile, lines.size());
  }

  /** A file of numbered lines, written under a hidden name and renamed into place, as files should appear. */
  private static void addFile(String input, int f, int lines) throws Exception {
    org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(input, ".file-" + f + ".tmp");
    try (var out = clusters.fs().create(tmp, true)) {
      for (int i = 0; i < lines; i++) {
        out.write(("file" + f + "-line" + i + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    org.apache.hadoop.fs.Path sub = new org.apache.hadoop.fs.Path(input, "sub-" + f % 2); // a nested directory too
    clusters.fs().mkdirs(sub);
    assertTrue(clusters.fs().rename(tmp, new org.apache.hadoop.fs.Path(sub, "file-" + f + ".txt")), "file " + f + " added");
  }

  private static void awaitCommittedLines(String output, int n, CompletableFuture<MiniYarn.Result> run) {
    awaitWhileRunning(n + " lines were committed", Duration.ofSeconds(240), run,
        () -> clusters.committedLines(output).size() >= n);
  }

  /** Waits until {@code condition} holds; fails at once, with weft run's output, if the run ends first. */
  private static void awaitWhileRunning(String what, Duration timeout, CompletableFuture<MiniYarn.Result> run,
      Await.Condition condition) {
    Await.until(what, timeout, () -> {
      if (condition.holds()) {
        return true;
      }
      if (run.isDone()) {
        throw new AssertionError("the job ended before " + what + ": " + run.get().out() + run.get().err());
      }
      return false;
    });
  }

  /** The highest completed checkpoint id of the running job, from the metadata the coordinator writes. */
  private static int checkpointsOf(ApplicationId id) throws Exception {
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(clusters.fs().getUri() + "/checkpoints-continuous");
    int latest = 0;
    if (clusters.fs().exists(dir)) {
      RemoteIterator<LocatedFileStatus> files = clusters.fs().listFiles(dir, true);
      while (files.hasNext()) {
        org.apache.hadoop.fs.Path f = files.next().getPath();
        if (f.getName().equals("_metadata") && f.getParent().getName().startsWith("chk-")) {
          latest = Math.max(latest, Integer.parseInt(f.getParent().getName().substring(4)));
        }
      }
    }
    return latest;
  }

  private static List<HourlyEvent> read(org.apache.hadoop.fs.Path file) throws Exception {
    List<HourlyEvent> events = new ArrayList<>();
    try (ParquetReader<HourlyEvent> reader = AvroParquetReader.<HourlyEvent>builder(
        HadoopInputFile.fromPath(file, clusters.fs().getConf())).withDataModel(ReflectData.AllowNull.get()).build()) {
      for (HourlyEvent e = reader.read(); e != null; e = reader.read()) {
        events.add(e);
      }
    }
    return events;
  }

  /** Committed part files under the output, as a reader sees them. */
  private static List<String> committedFiles(String output) throws Exception {
    List<String> names = new ArrayList<>();
    org.apache.hadoop.fs.Path base = new org.apache.hadoop.fs.Path(output);
    if (!clusters.fs().exists(base)) {
      return names;
    }
    RemoteIterator<LocatedFileStatus> files = clusters.fs().listFiles(base, true);
    while (files.hasNext()) {
      String name = files.next().getPath().getName();
      if (name.startsWith("part-")) {
        names.add(name);
      }
    }
    return names;
  }

}
