package io.weft.it.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.appmaster.web.ActionSignature;
import io.weft.core.rpc.RpcSecret;
import io.weft.launcher.yarn.StagingDirectories;
import io.weft.it.MiniYarn;
import io.weft.it.SharedYarn;
import io.weft.it.yarn.jobs.HoldingJob;
import io.weft.launcher.cli.CliEnvironment;
import io.weft.testing.Await;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The JobManager's web UI and REST API as a user meets them: through the ResourceManager's web
 * proxy (the application's tracking URL; MiniYARNCluster runs the proxy inside the RM's web app),
 * of a real job on MiniYARNCluster and MiniDFSCluster, in headless Chromium too, and the REST
 * cancel with and without the application secret.
 */
class WebUiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final SharedYarn YARN = SharedYarn.small();
  @TempDir static Path dir;
  private static MiniDFSCluster dfs;
  private static MiniYARNCluster yarn;
  private static YarnClient client;
  private static FileSystem fs;
  private static CliEnvironment environment;
  private static MiniYarn clusters;

  @BeforeAll
  static void startClusters() throws Exception {
    clusters = YARN.clusters();
    dfs = clusters.dfs();
    fs = clusters.fs();
    yarn = clusters.yarn();
    client = clusters.client();
    environment = clusters.environment();
  }

  @Test
  void theUiAndRestApiShowTheJobsRealFiguresThroughTheProxyAndCancelNeedsTheSecret() throws Exception {
    MiniYarn.Result submitted = MiniYarn.weft(environment, "run", "-m", "yarn-cluster", "-d", "-yjm", "768",
        "-ytm", "1024", "-ys", "2", "-yD", "execution.checkpointing.interval=1s",
        "-yD", "state.checkpoints.dir=" + fs.getUri() + "/checkpoints", "-yD", "web.refresh-interval=1s",
        "-c", HoldingJob.class.getName(), clusters.jobsJar().toString());
    assertEquals(0, submitted.exitCode(), submitted.out() + submitted.err());
    ApplicationId id = MiniYarn.applicationId(submitted.out());

    String proxy = clusters.awaitTrackingUrl(id, Duration.ofSeconds(120));
    assertTrue(proxy.contains("/proxy/" + id + "/"), "the tracking URL is the ResourceManager's proxy: " + proxy);
    JsonNode vertices = awaitFigures(proxy);

    // Real figures: exactly what the job processed.
    JsonNode source = vertices.get("vertices").get(0);
    JsonNode doubled = vertices.get("vertices").get(1);
    assertEquals("Source: Holding numbers -> Timestamps/Watermarks", source.get("name").asText());
    assertEquals(HoldingJob.COUNT, source.get("recordsOut").asLong());
    assertEquals(HoldingJob.COUNT, doubled.get("recordsIn").asLong(), "the two Double subtasks read every record");
    assertEquals(HoldingJob.COUNT, doubled.get("subtasks").get(0).get("recordsIn").asLong()
        + doubled.get("subtasks").get(1).get("recordsIn").asLong());
    assertEquals(HoldingJob.BASE_TIMESTAMP + HoldingJob.COUNT - 2, doubled.get("watermark").asLong());
    assertEquals("REBALANCE", vertices.get("edges").get(0).get("partitioning").asText());

    JsonNode overview = getJson(proxy + "api/v1/overview");
    String jobId = overview.get("jobId").asText();
    assertEquals(id.toString(), overview.get("application").asText());
    assertEquals("RUNNING", overview.get("state").asText());
    assertEquals(2, overview.get("parallelism").asInt());
    assertEquals(3, overview.get("tasks").get("RUNNING").asInt());
    assertEquals(1, overview.get("taskManagers").asInt());
    // An unbounded job shows 0.1 while every task runs; YARN learns it on the next AM heartbeat.
    assertEquals(0.1f, overview.get("progress").floatValue(), 1e-6);
    float progress = overview.get("progress").floatValue();
    Await.until("YARN shows the progress the UI shows (" + progress + ")", Duration.ofSeconds(30),
        () -> Math.abs(client.getApplicationReport(id).getProgress() - progress) < 1e-6);

    // Containers, hosts and their NodeManager log pages.
    String nmHttp = client.getNodeReports().get(0).getHttpAddress();
    String user = System.getProperty("user.name");
    JsonNode tms = getJson(proxy + "api/v1/taskmanagers");
    String amContainer = client.getApplicationAttemptReport(client.getApplicationReport(id)
        .getCurrentApplicationAttemptId()).getAMContainerId().toString();
    assertEquals(amContainer, tms.get("jobManager").get("id").asText());
    assertEquals("http://" + nmHttp + "/node/containerlogs/" + amContainer + "/" + user,
        tms.get("jobManager").get("logs").asText());
    JsonNode tm = tms.get("taskManagers").get(0);
    String tmContainer = tm.get("container").get("id").asText();
    assertTrue(tmContainer.startsWith("container_") && !tmContainer.equals(amContainer), tmContainer);
    assertEquals("http://" + nmHttp + "/node/containerlogs/" + tmContainer + "/" + user,
        tm.get("container").get("logs").asText());
    assertEquals(3, tm.get("subtasks").size());
    assertLogsInContainerLogDirs(id, amContainer, "jobmanager");
    assertLogsInContainerLogDirs(id, tmContainer, "taskmanager");

    JsonNode checkpoints = getJson(proxy + "api/v1/checkpoints");
    JsonNode completed = null;
    for (JsonNode c : checkpoints.get("history")) {
      if (c.get("status").asText().equals("COMPLETED")) {
        completed = c;
        break;
      }
    }
    assertTrue(completed != null, checkpoints.toString());
    assertEquals(3, completed.get("acknowledged").asInt());
    assertTrue(completed.get("sizeBytes").asLong() > 0 && completed.get("durationMillis").asLong() >= 0, completed.toString());
    assertTrue(completed.get("stateSizeBytes").asLong() >= 0 && completed.get("alignmentMillis").asLong() >= 0,
        "every subtask's acknowledgement carried its state size and alignment time: " + completed);

    JsonNode config = getJson(proxy + "api/v1/config").get("configuration");
    assertEquals("1s", config.get("execution.checkpointing.interval").asText());
    String secret = applicationSecret(id);
    for (String document : List.of("overview", "config", "taskmanagers", "vertices", "exceptions", "checkpoints")) {
      assertFalse(get(proxy + "api/v1/" + document).body().contains(secret), document + " never shows the secret");
    }
    assertSecretInNoFileTheNodeManagerWrote(id, secret);

    String metrics = get(proxy + "metrics").body();
    assertTrue(metrics.contains("weft_task_records_out_total{job_id=\"" + jobId + "\",job_name=\"Holding job\",vertex_id=\""
        + source.get("id").asInt() + "\",vertex_name=\"" + source.get("name").asText()
        + "\",subtask=\"0\",task_manager=\"tm-0\"} " + HoldingJob.COUNT), metrics);

    // The page, with and without the trailing slash; its script and style load relative to it.
    String page = get(proxy).body();
    assertTrue(page.contains("<title>Weft job</title>"), page);
    assertEquals(page, get(proxy.substring(0, proxy.length() - 1)).body());
    assertEquals(200, get(proxy + "weft.js").status());
    assertEquals(200, get(proxy + "weft.css").status());

    browserRendersTheJob(proxy);

    // Cancel: refused without the secret (through the proxy and directly), done with it.
    String cancelPath = "/api/v1/jobs/" + jobId + "/cancel";
    Response refused = send("PUT", proxy + cancelPath.substring(1));
    assertEquals(401, refused.status(), refused.body());
    assertTrue(JSON.readTree(refused.body()).get("error").asText().contains("signature"), refused.body());
    String direct = client.getApplicationReport(id).getOriginalTrackingUrl().replaceAll("/+$", "");
    assertEquals(401, send("POST", direct + cancelPath).status());
    assertEquals(401, send("PUT", proxy + cancelPath.substring(1) + "?" + ActionSignature.signedQuery(
        RpcSecret.generate(), "PUT", cancelPath, Map.of(), System.currentTimeMillis())).status(), "another secret");
    assertEquals(YarnApplicationState.RUNNING, client.getApplicationReport(id).getYarnApplicationState());

    Response accepted = send("PUT", proxy + cancelPath.substring(1) + "?" + ActionSignature.signedQuery(
        RpcSecret.fromBase64(secret), "PUT", cancelPath, Map.of(), System.currentTimeMillis()));
    assertEquals(202, accepted.status(), accepted.body());
    ApplicationReport end = clusters.awaitEnd(id, Duration.ofSeconds(60));
    assertEquals(FinalApplicationStatus.KILLED, end.getFinalApplicationStatus(), end.getDiagnostics());
    assertTrue(end.getDiagnostics().contains("canceled through the REST API"), end.getDiagnostics());
    org.apache.hadoop.fs.Path staging = new org.apache.hadoop.fs.Path(fs.getHomeDirectory(), ".weft/" + id);
    assertFalse(fs.exists(staging), staging + " was deleted");
    clusters.awaitNoContainers(id, Duration.ofSeconds(60));
  }

  /** Headless Chromium opens the tracking URL: the job graph and the checkpoint table render. */
  private static void browserRendersTheJob(String proxy) throws Exception {
    Path screenshot = Path.of("target", "webui.png").toAbsolutePath();
    Files.deleteIfExists(screenshot);
    try (Chromium chromium = new Chromium(dir)) {
      String dom = chromium.dumpDom(proxy);
      assertTrue(dom.contains("data-vertex="), "the job graph rendered: " + dom);
      assertTrue(dom.contains("data-records-out=\"" + HoldingJob.COUNT + "\""), "with the source's records: " + dom);
      assertTrue(Pattern.compile("<tr data-checkpoint=\"\\d+\"").matcher(dom).find(), "the checkpoint table rendered");
      assertTrue(dom.contains("class=\"state RUNNING\""), dom);
      chromium.screenshot(proxy, screenshot, 1280, 900);
      assertTrue(Files.size(screenshot) > 0, "a screenshot in " + screenshot);
    }
  }

  private static void assertLogsInContainerLogDirs(ApplicationId id, String container, String prefix) {
    for (String logDir : yarn.getNodeManager(0).getConfig().getTrimmedStrings(YarnConfiguration.NM_LOG_DIRS)) {
      Path dirOfContainer = Path.of(logDir, id.toString(), container);
      if (Files.isDirectory(dirOfContainer)) {
        for (String suffix : List.of(".log", ".out", ".err")) {
          assertTrue(Files.exists(dirOfContainer.resolve(prefix + suffix)), prefix + suffix + " in " + dirOfContainer);
        }
        return;
      }
    }
    fail("no log directory of container " + container);
  }

  /**
   * The NodeManager writes each container's environment and command into launch_container.sh (in the
   * container's work directory, nmPrivate and its log directory, which YARN serves); the secret
   * travels in the container's tokens instead, so no readable file of the application holds it.
   */
  private static void assertSecretInNoFileTheNodeManagerWrote(ApplicationId id, String secret) throws Exception {
    var nmConf = yarn.getNodeManager(0).getConfig();
    List<Path> dirs = new ArrayList<>();
    for (String d : nmConf.getTrimmedStrings(YarnConfiguration.NM_LOCAL_DIRS)) {
      dirs.add(Path.of(d));
    }
    for (String d : nmConf.getTrimmedStrings(YarnConfiguration.NM_LOG_DIRS)) {
      dirs.add(Path.of(d));
    }
    int launchScripts = 0;
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (var files = Files.walk(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          if (!Files.isRegularFile(f) || !f.toString().contains(id.toString())) {
            continue;
          }
          if (f.getFileName().toString().equals("launch_container.sh")) {
            launchScripts++;
          }
          if (f.getFileName().toString().endsWith(".jar")) {
            continue; // Weft's and the job's classes
          }
          assertFalse(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1).contains(secret),
              "the secret is written in " + f);
        }
      }
    }
    assertTrue(launchScripts >= 2, "the launch scripts of the ApplicationMaster and a TaskManager were looked at: "
        + launchScripts);
  }

  /** The application's secret, from its staging directory, where weft savepoint finds it too. */
  private static String applicationSecret(ApplicationId id) throws Exception {
    return StagingDirectories.readSecret(clusters.fs(), id).toBase64();
  }


  /** Waits until heartbeats brought every record and the watermark, and a checkpoint completed. */
  private static JsonNode awaitFigures(String proxy) {
    String[] last = {"nothing yet"};
    try {
      return Await.value("heartbeats brought every record and the watermark, and a checkpoint completed",
          Duration.ofSeconds(180), () -> {
            try {
              JsonNode vertices = getJson(proxy + "api/v1/vertices");
              String checkpoints = get(proxy + "api/v1/checkpoints").body();
              last[0] = vertices + " " + checkpoints;
              JsonNode v = vertices.get("vertices");
              return v.size() == 2 && v.get(0).get("recordsOut").asLong() == HoldingJob.COUNT
                  && v.get(1).get("recordsIn").asLong() == HoldingJob.COUNT && !v.get(1).get("watermark").isNull()
                  && v.get(1).get("watermark").asLong() == HoldingJob.BASE_TIMESTAMP + HoldingJob.COUNT - 2
                  && JSON.readTree(checkpoints).get("counts").get("completed").asInt() > 0 ? vertices : null;
            } catch (Exception e) {
              last[0] = e.toString();
              return null; // the web server is not up yet
            }
          });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; last seen: " + last[0], e);
    }
  }



  private record Response(int status, String body) {}

  private static JsonNode getJson(String url) throws Exception {
    Response r = get(url);
    assertEquals(200, r.status(), url + ": " + r.body());
    return JSON.readTree(r.body());
  }

  private static Response get(String url) throws Exception {
    return send("GET", url);
  }

  private static Response send(String method, String url) throws Exception {
    HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
    c.setRequestMethod(method);
    c.setConnectTimeout(5000);
    c.setReadTimeout(10_000);
    if (!method.equals("GET")) {
      c.setDoOutput(true);
      c.getOutputStream().close();
    }
    try {
      int status = c.getResponseCode();
      try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
        return new Response(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } finally {
      c.disconnect();
    }
  }
}
