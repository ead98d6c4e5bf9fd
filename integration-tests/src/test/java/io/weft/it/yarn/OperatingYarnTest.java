package io.weft.it.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.appmaster.history.HistoryOptions;
import io.weft.appmaster.history.HistoryServer;
import io.weft.it.MiniYarn;
import io.weft.it.SharedYarn;
import io.weft.testing.Await;
import io.weft.it.yarn.jobs.DrainWindowJob;
import io.weft.it.yarn.jobs.FailingJob;
import io.weft.it.yarn.jobs.HoldingJob;
import io.weft.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptReport;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.LogAggregationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Operating a job on YARN (issue #23), on a MiniYARNCluster whose NodeManager runs its web server
 * and aggregates logs to a MiniDFSCluster: {@code weft logs} while the job runs and after it ended,
 * the archive of an ended job served by the history server, and the pending-resources message.
 * Somewhat over the usual length: the cases share one MiniYARN/MiniDFS pair, which takes longer to
 * start than most of them take to run.
 */
class OperatingYarnTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final EnumSet<LogAggregationStatus> AGGREGATION_ENDED = EnumSet.of(LogAggregationStatus.SUCCEEDED,
      LogAggregationStatus.FAILED, LogAggregationStatus.TIME_OUT, LogAggregationStatus.DISABLED);

  private static final EnumSet<YarnApplicationState> ENDED = EnumSet.of(YarnApplicationState.FINISHED,
      YarnApplicationState.FAILED, YarnApplicationState.KILLED);

  @RegisterExtension static final SharedYarn YARN = SharedYarn.small();
  @TempDir static Path dir;
  private static MiniYarn clusters;
  private static Path jobsJar;

  @BeforeAll
  static void startClusters() throws Exception {
    clusters = YARN.clusters();
    jobsJar = clusters.jobsJar();
  }

  /**
   * The containers log with the job's own log4j file and JVM options; {@code weft logs} reads them
   * from the NodeManager while the job runs and, after it was canceled, from the logs YARN aggregated.
   */
  @Test
  void logsAreReadLiveAndAfterAggregation() throws Exception {
    Path log4j = dir.resolve("it-log4j.properties");
    Files.writeString(log4j, String.join("\n",
        "log4j.rootLogger=INFO, file",
        "log4j.appender.file=org.apache.log4j.RollingFileAppender",
        "log4j.appender.file.File=${weft.log.file}",
        "log4j.appender.file.MaxFileSize=10MB",
        "log4j.appender.file.layout=org.apache.log4j.PatternLayout",
        "log4j.appender.file.layout.ConversionPattern=IT-LOG %p %c{1}: %m%n", ""));
    MiniYarn.Result run = clusters.weft("run", "-m", "yarn-cluster", "-d", "-yjm", "768", "-ytm", "1024", "-ys", "2",
        "-yp", "2", "-yD", "yarn.log-config-file=" + log4j,
        "-yD", "env.java.opts=-XX:+PrintCommandLineFlags",
        "-yD", "env.java.opts.jobmanager=-XX:MaxJavaStackTraceDepth=4321",
        "-yD", "env.java.opts.taskmanager=-XX:MaxJavaStackTraceDepth=1234",
        "-c", HoldingJob.class.getName(), jobsJar.toString());
    assertEquals(0, run.exitCode(), run.out() + run.err());
    ApplicationId app = MiniYarn.applicationId(run.out());
    String jobId = "job_" + app.getClusterTimestamp() + "_" + String.format("%04d", app.getId());
    String taskManager = awaitTaskManagerContainer(app);
    awaitAllTasksRunning(app);

    MiniYarn.Result live = clusters.weft("logs", jobId);
    assertEquals(0, live.exitCode(), live.out() + live.err());
    assertTrue(live.out().contains("LogAggregationType: LOCAL"), live.out());
    assertTrue(live.out().contains("Container: " + taskManager), live.out());
    assertTrue(live.out().contains("LogType:jobmanager.log"), live.out());
    assertTrue(live.out().contains("LogType:taskmanager.log"), live.out());
    // The job's log4j file is the one the containers log with.
    assertTrue(live.out().contains("IT-LOG INFO JobManager: "), live.out());
    // env.java.opts reaches both JVMs, each role's options only its own.
    assertTrue(section(live.out(), "jobmanager.out").contains("-XX:MaxJavaStackTraceDepth=4321"), live.out());
    assertTrue(section(live.out(), "taskmanager.out").contains("-XX:MaxJavaStackTraceDepth=1234"), live.out());
    assertFalse(section(live.out(), "taskmanager.out").contains("4321"), live.out());

    MiniYarn.Result tail = clusters.weft("logs", app.toString(), "--tail", "2");
    assertEquals(0, tail.exitCode(), tail.out() + tail.err());
    assertEquals(2, section(tail.out(), "jobmanager.log").lines().count(), tail.out());

    MiniYarn.Result oneType = clusters.weft("logs", jobId, "--type", "jobmanager.out");
    assertEquals(0, oneType.exitCode(), oneType.out() + oneType.err());
    assertTrue(oneType.out().contains("LogType:jobmanager.out"), oneType.out());
    assertFalse(oneType.out().contains("LogType:jobmanager.log"), oneType.out());
    assertFalse(oneType.out().contains("LogType:taskmanager"), oneType.out());

    // weft cancel asks the JobManager, so the canceled job is archived (weft list --all shows it).
    MiniYarn.Result cancel = clusters.weft("cancel", jobId);
    assertEquals(0, cancel.exitCode(), cancel.out() + cancel.err());
    assertTrue(cancel.out().contains("Canceling job " + jobId + " of " + app + " through its JobManager ..."),
        cancel.out());
    assertTrue(cancel.out().contains("(KILLED); job " + jobId + " CANCELED and archived for the history server"),
        cancel.out());
    assertFalse(cancel.out().contains("through YARN"), cancel.out());
    MiniYarn.Result listAll = clusters.weft("list", "--all");
    assertTrue(Pattern.compile(jobId + "\\s+" + app + "\\s+CANCELED").matcher(listAll.out()).find(), listAll.out());
    ApplicationReport report = awaitLogAggregation(app);
    assertEquals(LogAggregationStatus.SUCCEEDED, report.getLogAggregationStatus(), report.getDiagnostics());

    MiniYarn.Result aggregated = clusters.weft("logs", app.toString(), "--container", taskManager);
    assertEquals(0, aggregated.exitCode(), aggregated.out() + aggregated.err());
    assertTrue(aggregated.out().contains("LogAggregationType: AGGREGATED"), aggregated.out());
    assertTrue(aggregated.out().contains("LogType:taskmanager.log"), aggregated.out());
    assertTrue(aggregated.out().contains("-XX:MaxJavaStackTraceDepth=1234"), aggregated.out());
    assertFalse(aggregated.out().contains("LogType:jobmanager.log"), "only the asked container: " + aggregated.out());

    MiniYarn.Result noSuch = clusters.weft("logs", app.toString(), "--container",
        taskManager.substring(0, taskManager.length() - 1) + "9");
    assertEquals(2, noSuch.exitCode(), noSuch.out() + noSuch.err());
    assertTrue(noSuch.err().contains("has no aggregated logs of container"), noSuch.err());
  }

  /**
   * A failed job is archived by its ApplicationMaster; the history server serves its overview,
   * exceptions and checkpoints at the final tracking URL YARN reports, read-only; weft list --all
   * lists it.
   */
  @Test
  void anEndedJobIsServedByTheHistoryServer() throws Exception {
    org.apache.hadoop.conf.Configuration hadoopConf = new org.apache.hadoop.conf.Configuration(clusters.yarn().getConfig());
    hadoopConf.set("fs.defaultFS", clusters.fs().getUri().toString());
    io.weft.core.config.Configuration conf = new io.weft.core.config.Configuration();
    conf.set(HistoryOptions.HISTORY_PORT, 0);
    try (HistoryServer history = HistoryServer.start(conf, hadoopConf)) {
      String address = "localhost:" + history.port();
      MiniYarn.Result run = clusters.weft("run", "-m", "yarn-cluster", "-yjm", "768", "-ytm", "1024",
          "-yD", "historyserver.web.address=" + address, "-yD", "execution.checkpointing.interval=1500ms",
          "-yD", "state.checkpoints.dir=" + clusters.fs().getUri() + "/checkpoints",
          // With checkpoints, the default restart strategy would restart the failing job forever.
          "-yD", "restart-strategy.type=none",
          "-c", FailingJob.class.getName(), jobsJar.toString());
      assertEquals(1, run.exitCode(), run.out() + run.err());
      ApplicationId app = MiniYarn.applicationId(run.out());
      String jobId = "job_" + app.getClusterTimestamp() + "_" + String.format("%04d", app.getId());

      String page = "http://" + address + "/jobs/" + jobId + "/";
      assertEquals(page, clusters.client().getApplicationReport(app).getOriginalTrackingUrl());
      HttpResponse<String> overview = get(page + "api/v1/overview");
      assertEquals(200, overview.statusCode(), overview.body());
      assertTrue(overview.body().contains("\"jobId\":\"" + jobId + "\""), overview.body());
      assertTrue(overview.body().contains("\"state\":\"FAILED\""), overview.body());
      HttpResponse<String> exceptions = get(page + "api/v1/exceptions");
      assertEquals(200, exceptions.statusCode());
      assertTrue(exceptions.body().contains(FailingJob.MESSAGE), exceptions.body());
      HttpResponse<String> checkpoints = get(page + "api/v1/checkpoints");
      assertEquals(200, checkpoints.statusCode());
      assertTrue(checkpoints.body().contains("\"enabled\":true,\"intervalMillis\":1500"), checkpoints.body());
      HttpResponse<String> ui = get(page);
      assertEquals(200, ui.statusCode());
      assertTrue(ui.body().contains("weft.js"), ui.body());
      HttpResponse<String> list = get("http://" + address + "/api/v1/jobs");
      assertTrue(list.body().contains("\"jobId\":\"" + jobId + "\""), list.body());
      HttpResponse<String> cancel = HTTP.send(HttpRequest.newBuilder(URI.create(page + "api/v1/jobs/" + jobId
          + "/cancel")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(405, cancel.statusCode(), cancel.body());

      MiniYarn.Result listAll = clusters.weft("list", "--all");
      assertEquals(0, listAll.exitCode(), listAll.out() + listAll.err());
      Matcher row = Pattern.compile("Failing job\\s+" + jobId + "\\s+" + app + "\\s+FAILED").matcher(listAll.out());
      assertTrue(row.find(), listAll.out());
    }
  }

  /**
   * Issue #23's "done when": a job whose TaskManager is killed fails (no restarts); {@code weft logs
   * --follow --type taskmanager.log} printed the TaskManager's log while it ran and stops when the
   * application ends; afterwards {@code weft logs --container --type taskmanager.log} reads the dead
   * TaskManager's log from the aggregated logs; the final tracking URL serves the failed job's
   * checkpoints and exceptions from the history server.
   */
  @Test
  void aKilledTaskManagersLogAndTheFailedJobAreReadAfterTheEnd() throws Exception {
    org.apache.hadoop.conf.Configuration hadoopConf = new org.apache.hadoop.conf.Configuration(clusters.yarn().getConfig());
    hadoopConf.set("fs.defaultFS", clusters.fs().getUri().toString());
    io.weft.core.config.Configuration conf = new io.weft.core.config.Configuration();
    conf.set(HistoryOptions.HISTORY_PORT, 0);
    try (HistoryServer history = HistoryServer.start(conf, hadoopConf)) {
      String address = "localhost:" + history.port();
      MiniYarn.Result run = clusters.weft("run", "-m", "yarn-cluster", "-d", "-yjm", "768", "-ytm", "1024", "-ys", "2",
          "-yp", "2", "-yD", "historyserver.web.address=" + address, "-yD", "execution.checkpointing.interval=1s",
          "-yD", "state.checkpoints.dir=" + clusters.fs().getUri() + "/checkpoints-killed",
          "-yD", "restart-strategy.type=none", "-c", HoldingJob.class.getName(), jobsJar.toString());
      assertEquals(0, run.exitCode(), run.out() + run.err());
      ApplicationId app = MiniYarn.applicationId(run.out());
      String jobId = "job_" + app.getClusterTimestamp() + "_" + String.format("%04d", app.getId());
      String taskManager = awaitTaskManagerContainer(app);
      awaitAllTasksRunning(app);
      String tracking = clusters.client().getApplicationReport(app).getOriginalTrackingUrl();
      Await.until("a checkpoint of " + app + " completed", java.time.Duration.ofSeconds(120),
          () -> get(tracking + "api/v1/checkpoints").body().contains("\"status\":\"COMPLETED\""));

      java.io.ByteArrayOutputStream followed = new java.io.ByteArrayOutputStream();
      java.io.PrintStream print = new java.io.PrintStream(followed, true, java.nio.charset.StandardCharsets.UTF_8);
      java.util.concurrent.atomic.AtomicInteger followExit = new java.util.concurrent.atomic.AtomicInteger(-1);
      Thread follow = new Thread(() -> followExit.set(io.weft.launcher.WeftCli.run(new String[] {"logs", "--follow",
          "--type", "taskmanager.log", app.toString()}, print, print, clusters.environment())), "weft-logs-follow");
      follow.start();
      try {
        try {
          Await.until("weft logs --follow printed the TaskManager's log", java.time.Duration.ofSeconds(180),
              () -> followed.toString(java.nio.charset.StandardCharsets.UTF_8).contains("starting in container "
                  + taskManager));
        } catch (AssertionError e) {
          throw new AssertionError(e.getMessage() + "; it printed (exit " + followExit.get() + "):\n"
              + followed.toString(java.nio.charset.StandardCharsets.UTF_8), e);
        }
        clusters.client().signalToContainer(org.apache.hadoop.yarn.api.records.ContainerId.fromString(taskManager),
            org.apache.hadoop.yarn.api.records.SignalContainerCommand.FORCEFUL_SHUTDOWN);
        ApplicationReport end = awaitLogAggregation(app);
        assertEquals(org.apache.hadoop.yarn.api.records.FinalApplicationStatus.FAILED, end.getFinalApplicationStatus(),
            end.getDiagnostics());
        follow.join(180_000);
      } finally {
        follow.interrupt();
        follow.join(10_000);
      }
      String out = followed.toString(java.nio.charset.StandardCharsets.UTF_8);
      assertEquals(0, followExit.get(), out);
      assertTrue(out.contains("==> " + taskManager + " taskmanager.log <=="), out);
      assertTrue(out.contains("(" + app + " ended FINISHED (FAILED); the rest of its logs comes from YARN's aggregated"
          + " logs)"), out);
      assertFalse(out.contains("jobmanager.log <=="), "only the asked type: " + out);
      assertEquals(1, Pattern.compile(Pattern.quote("starting in container " + taskManager)).matcher(out).results()
          .count(), "what was printed live is not printed again from the aggregated logs: " + out);

      MiniYarn.Result logs = clusters.weft("logs", app.toString(), "--container", taskManager, "--type",
          "taskmanager.log");
      assertEquals(0, logs.exitCode(), logs.out() + logs.err());
      assertTrue(logs.out().contains("LogAggregationType: AGGREGATED"), logs.out());
      assertTrue(section(logs.out(), "taskmanager.log").contains("starting in container " + taskManager), logs.out());
      assertFalse(logs.out().contains("LogType:taskmanager.out"), "only the asked type: " + logs.out());

      String page = "http://" + address + "/jobs/" + jobId + "/";
      assertEquals(page, clusters.client().getApplicationReport(app).getOriginalTrackingUrl());
      HttpResponse<String> overview = get(page + "api/v1/overview");
      assertTrue(overview.body().contains("\"state\":\"FAILED\""), overview.body());
      HttpResponse<String> checkpoints = get(page + "api/v1/checkpoints");
      assertEquals(200, checkpoints.statusCode());
      assertTrue(checkpoints.body().contains("\"status\":\"COMPLETED\""), checkpoints.body());
      HttpResponse<String> exceptions = get(page + "api/v1/exceptions");
      assertEquals(200, exceptions.statusCode());
      assertTrue(exceptions.body().contains(taskManager), exceptions.body());
    }
  }

  /**
   * A job whose TaskManager does not fit in what the cluster has free now (though in what it has)
   * waits for it, and says why: in api/v1/overview and in the attached weft run's progress lines.
   * The NodeManager has 4096 MB: the first job takes 768 + 1536,
   * the second's ApplicationMaster 768 more, which leaves 1024 MB for its TaskManager of 1536.
   */
  @Test
  void aJobWaitingForContainersSaysWhy() throws Exception {
    MiniYarn.Result first = clusters.weft("run", "-m", "yarn-cluster", "-d", "-yjm", "768", "-ytm", "1536", "-ys", "2",
        "-yp", "2", "-c", HoldingJob.class.getName(), jobsJar.toString());
    assertEquals(0, first.exitCode(), first.out() + first.err());
    ApplicationId holding = MiniYarn.applicationId(first.out());
    awaitTaskManagerContainer(holding);

    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream print = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
    java.util.concurrent.atomic.AtomicInteger exit = new java.util.concurrent.atomic.AtomicInteger(-1);
    Thread attached = new Thread(() -> exit.set(io.weft.launcher.WeftCli.run(new String[] {"run", "-m", "yarn-cluster",
        "-yjm", "768", "-ytm", "1536", "-ys", "2", "-yp", "2", "-yD", "yarn.pending-resources.interval=2s",
        "-c", HoldingJob.class.getName(), jobsJar.toString()}, print, print, clusters.environment())), "attached-run");
    attached.start();
    try {
      String printed = awaitOutput(out, "Submitted application");
      ApplicationId waiting = MiniYarn.applicationId(printed);
      String overview = awaitApi(waiting, "api/v1/overview", body -> body.contains("\"pendingResources\":\""),
          "api/v1/overview of " + waiting + " names the pending resources");
      assertTrue(overview.contains("for 1 TaskManager container of 1536 MB and 2 vcores that YARN has not granted"),
          overview);
      assertTrue(overview.contains("(too little memory for one container) in queue 'default' on 1 NodeManager"),
          overview);
      String line = awaitOutput(out, "that YARN has not granted");
      assertTrue(line.contains("TaskManager container of 1536 MB and 2 vcores that YARN has not granted: this"
          + " application can get "), line);
      assertEquals(0, clusters.weft("cancel", waiting.toString()).exitCode());
    } finally {
      clusters.weft("cancel", holding.toString());
      attached.join(120_000);
    }
    assertEquals(1, exit.get(), out.toString(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static String awaitOutput(java.io.ByteArrayOutputStream out, String text) {
    try {
      return Await.value("weft run printed '" + text + "'", Duration.ofSeconds(120), () -> {
        String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        return printed.contains(text) ? printed : null;
      });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; it printed: " + out.toString(java.nio.charset.StandardCharsets.UTF_8),
          e);
    }
  }

  /**
   * Flink's stop --drain: the sources emit the end of event time before the final savepoint, so the
   * last window, which the watermark never reached, fires; a plain stop leaves it unfired. Each run
   * stops once the window task has read every number (so the others fired).
   */
  @Test
  void stopWithDrainFiresTheOpenWindowsAndPlainStopDoesNot() throws Exception {
    java.util.Map<String, Long> sums = new java.util.TreeMap<>();
    for (long v = 0; v < DrainWindowJob.COUNT; v++) {
      sums.merge(v % 2 + "\t" + v / 100, v, Long::sum);
    }
    List<String> all = new java.util.ArrayList<>();
    sums.forEach((window, sum) -> all.add(window + "\t" + sum));
    all.sort(null);
    List<String> withoutLast = all.stream().filter(line -> !line.split("\t")[1].equals("9")).toList();
    assertEquals(18, withoutLast.size());

    assertEquals(withoutLast, runAndStop("plain", false, false));
    assertEquals(all, runAndStop("drained", true, false));
    // The REST API's stop action carries drain as a parameter of its own.
    assertEquals(all, runAndStop("drained-rest", true, true));
  }

  private static List<String> runAndStop(String name, boolean drain, boolean throughRest) throws Exception {
    String output = clusters.fs().getUri() + "/out/drain-" + name;
    MiniYarn.Result run = clusters.weft("run", "-m", "yarn-cluster", "-d", "-yjm", "768", "-ytm", "1024", "-ys", "1",
        "-yp", "1", "-c", DrainWindowJob.class.getName(), jobsJar.toString(), output);
    assertEquals(0, run.exitCode(), run.out() + run.err());
    ApplicationId app = MiniYarn.applicationId(run.out());
    Pattern allRead = Pattern.compile("\"WindowSums\"[^\\]]*\\],\"running\":\\d+,\"recordsIn\":"
        + DrainWindowJob.COUNT + ",");
    awaitApi(app, "api/v1/vertices", body -> allRead.matcher(body).find(),
        "the window task of " + app + " read all " + DrainWindowJob.COUNT + " numbers");
    if (throughRest) {
      String tracking = clusters.client().getApplicationReport(app).getOriginalTrackingUrl();
      String path = "/api/v1/jobs/" + app.toString().replace("application_", "job_") + "/savepoint";
      io.weft.core.rpc.RpcSecret secret = io.weft.launcher.yarn.StagingDirectories.readSecret(clusters.fs(), app);
      String query = io.weft.appmaster.web.ActionSignature.signedQuery(secret, "PUT", path, java.util.Map.of(
          "targetDirectory", clusters.fs().getUri() + "/savepoints", "stopAfter", "true", "drain", Boolean.toString(drain)),
          System.currentTimeMillis());
      HttpResponse<String> stop = HTTP.send(HttpRequest.newBuilder(URI.create(tracking.replaceAll("/$", "") + path + "?"
          + query)).PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, stop.statusCode(), stop.body());
      assertTrue(stop.body().contains("\"stopped\":true,\"drained\":" + drain), stop.body());
      ApplicationReport end = awaitLogAggregation(app);
      assertEquals(org.apache.hadoop.yarn.api.records.FinalApplicationStatus.SUCCEEDED, end.getFinalApplicationStatus(),
          end.getDiagnostics());
    } else {
      List<String> args = new java.util.ArrayList<>(List.of("stop", "--savepointPath",
          clusters.fs().getUri() + "/savepoints"));
      if (drain) {
        args.add("--drain");
      }
      args.add(app.toString());
      MiniYarn.Result stop = clusters.weft(args.toArray(new String[0]));
      assertEquals(0, stop.exitCode(), stop.out() + stop.err());
      assertTrue(stop.out().contains("FINISHED (SUCCEEDED)"), stop.out());
    }
    List<String> lines = new java.util.ArrayList<>();
    for (org.apache.hadoop.fs.FileStatus part : clusters.fs().listStatus(new org.apache.hadoop.fs.Path(output))) {
      if (part.getPath().getName().startsWith(".") || part.getPath().getName().startsWith("_")) {
        continue;
      }
      try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(
          clusters.fs().open(part.getPath()), java.nio.charset.StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          lines.add(line);
        }
      }
    }
    lines.sort(null);
    return lines;
  }

  /** The section of one log file in weft logs' output: the lines between LogContents: and End of LogType:. */
  static String section(String output, String file) {
    int type = output.indexOf("LogType:" + file + "\n");
    assertTrue(type >= 0, "the output has " + file + ": " + output);
    int start = output.indexOf("LogContents:\n", type) + "LogContents:\n".length();
    int end = output.indexOf("End of LogType:" + file, start);
    return output.substring(start, end);
  }

  private static String awaitTaskManagerContainer(ApplicationId app) {
    return Await.value("a TaskManager container of " + app, Duration.ofSeconds(120), () -> {
      for (ApplicationAttemptReport attempt : clusters.client().getApplicationAttempts(app)) {
        // Until the attempt has taken its AM container, the scheduler may already list that container
        // while the report names none: it would pass for a TaskManager's.
        if (attempt.getAMContainerId() == null) {
          continue;
        }
        List<ContainerReport> containers = clusters.client().getContainers(attempt.getApplicationAttemptId());
        for (ContainerReport c : containers) {
          if (!c.getContainerId().equals(attempt.getAMContainerId())) {
            return c.getContainerId().toString();
          }
        }
      }
      return null;
    });
  }

  private static void awaitAllTasksRunning(ApplicationId app) {
    Pattern allRunning = Pattern.compile("\"tasks\":\\{\"total\":(\\d+),\"RUNNING\":\\1}");
    awaitApi(app, "api/v1/overview", body -> allRunning.matcher(body).find(), "the tasks of " + app + " all run");
  }

  /** Waits until the JobManager's REST answer at {@code path} satisfies {@code wanted}, and returns it. */
  private static String awaitApi(ApplicationId app, String path, Predicate<String> wanted, String what) {
    return Await.value(what, Duration.ofSeconds(120), () -> {
      String tracking = clusters.client().getApplicationReport(app).getOriginalTrackingUrl();
      if (tracking == null || !tracking.startsWith("http")) {
        return null;
      }
      HttpResponse<String> r = get(tracking + path);
      return r.statusCode() == 200 && wanted.test(r.body()) ? r.body() : null;
    });
  }

  private static ApplicationReport awaitLogAggregation(ApplicationId app) {
    return Await.value(app + " ended and YARN ended aggregating its logs", Duration.ofSeconds(180), () -> {
      ApplicationReport report = clusters.client().getApplicationReport(app);
      return ENDED.contains(report.getYarnApplicationState())
          && AGGREGATION_ENDED.contains(report.getLogAggregationStatus()) ? report : null;
    });
  }

  static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
