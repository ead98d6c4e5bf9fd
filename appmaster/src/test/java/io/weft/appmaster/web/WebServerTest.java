package io.weft.appmaster.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.api.environment.StreamEnvironment;
import io.weft.appmaster.checkpoint.CheckpointHistory;
import io.weft.appmaster.metrics.TaskMetrics;
import io.weft.core.config.Configuration;
import io.weft.core.plan.JobGraph;
import io.weft.core.rpc.RpcSecret;
import io.weft.core.rpc.TaskState;
import io.weft.core.rpc.TaskStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The web server on its own: a fixed {@link JobView} and fake {@link JobActions}. */
class WebServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RpcSecret secret = RpcSecret.generate();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> canceled = new ArrayList<>();
  private final List<String> savepoints = new ArrayList<>();
  private WebServer server;
  private JobView view;

  /** Records what was asked; a savepoint completes at once with a path that names its arguments. */
  private final JobActions actions = new JobActions() {
    @Override
    public void cancel(String reason) {
      canceled.add(reason);
    }

    @Override
    public CompletableFuture<String> savepoint(String targetDirectory, boolean stopAfter, boolean drain) {
      savepoints.add(targetDirectory + " " + stopAfter + (drain ? " drain" : ""));
      return CompletableFuture.completedFuture(targetDirectory + "/savepoint-1");
    }
  };

  @BeforeEach
  void start() throws Exception {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment(new Configuration());
    env.fromSource(io.weft.api.source.GeneratorSource.sequence(1, 10), "Numbers", io.weft.core.types.TypeInfo.of(Long.class))
        .setParallelism(1).rebalance().map(x -> x * 2).name("Double")
        .setParallelism(2).print();
    JobGraph graph = env.buildJobGraph("doubling");
    List<JobView.Vertex> vertices = JobView.vertices(graph);
    int source = vertices.get(0).id();
    int mapper = vertices.get(1).id();
    TaskMetrics sourceMetrics = TaskMetrics.next(
        TaskMetrics.next(null, new TaskStatus(source + "/0", TaskState.RUNNING, 0, 1000, 0, 0, 50, 500), 10_000),
        new TaskStatus(source + "/0", TaskState.RUNNING, 0, 3000, 2500, 0, 80, 600), 15_000);
    List<JobView.Subtask> subtasks = List.of(
        new JobView.Subtask(source, 0, "RUNNING", "tm-0", sourceMetrics),
        new JobView.Subtask(mapper, 0, "RUNNING", "tm-0", TaskMetrics.next(null,
            new TaskStatus(mapper + "/0", TaskState.RUNNING, 1700, 1700, 0, 10, 0, -1, 1_000), 15_000)),
        new JobView.Subtask(mapper, 1, "RUNNING", "tm-1", TaskMetrics.next(null,
            new TaskStatus(mapper + "/1", TaskState.RUNNING, 1300, 1300, 0, 20, 0, -1, 2_000), 15_000)));
    List<JobView.TaskManager> tms = List.of(
        new JobView.TaskManager("tm-0", new JobView.Container("container_1_0001_01_000002", "node-a", "node-a:8042"), 1,
            true, false),
        new JobView.TaskManager("tm-1", new JobView.Container("container_1_0001_01_000003", "node-b", "node-b:8042"), 1,
            true, false));
    List<CheckpointHistory.Entry> checkpoints = List.of(
        new CheckpointHistory.Entry(2, CheckpointHistory.Status.IN_PROGRESS, 14_000, 1, 3, -1, -1, 500, 3, -1, ""),
        new CheckpointHistory.Entry(1, CheckpointHistory.Status.COMPLETED, 12_000, 3, 3, 40, 75, 1130, 12, 104, ""));
    view = new JobView("application_1_0001", 1, "job_1_0001", "doubling", "RUNNING", 0.5f, 0, 20_000, 900, 0, 0, 1,
        "alice", new JobView.Container("container_1_0001_01_000001", "node-a", "node-a:8042"), vertices,
        JobView.edges(graph), subtasks, tms, 1000, checkpoints, 1, 0,
        List.of(new JobView.Failure(11_000, "Double (1/2)", "boom", "java.lang.RuntimeException: boom\n\tat X.y(X.java:1)")),
        JobView.redacted(Map.of("parallelism.default", "2", "s3.secret-key", "hunter2")), null);
    server = new WebServer(0, () -> view, () -> actions, new ActionSignature(secret, 60_000), 1000);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> send(String method, String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode getJson(String path) throws Exception {
    HttpResponse<String> r = send("GET", path);
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    return JSON.readTree(r.body());
  }

  @Test
  void restDocumentsCarryTheJobsFigures() throws Exception {
    JsonNode overview = getJson("/api/v1/overview");
    assertEquals("job_1_0001", overview.get("jobId").asText());
    assertEquals("RUNNING", overview.get("state").asText());
    assertEquals(2, overview.get("parallelism").asInt());
    assertEquals(3, overview.get("tasks").get("RUNNING").asInt());
    assertEquals(20_000, overview.get("uptimeMillis").asLong());
    assertEquals(400.0, overview.get("sourceRecordsPerSecond").asDouble(), 1e-9, "2000 records in 5 s");
    assertEquals(1, overview.get("lastCheckpoint").get("id").asInt(), "the newest that is not in progress");
    assertEquals("http://node-a:8042/node/containerlogs/container_1_0001_01_000001/alice",
        overview.get("jobManager").get("logs").asText());

    JsonNode vertices = getJson("/api/v1/vertices");
    JsonNode numbers = vertices.get("vertices").get(0);
    JsonNode doubled = vertices.get("vertices").get(1);
    assertEquals(3000, numbers.get("recordsOut").asLong());
    assertEquals(0.5, numbers.get("backPressuredRatio").asDouble(), 1e-9, "2500 ms of 5000");
    assertEquals("LOW", numbers.get("backPressure").asText());
    assertTrue(numbers.get("watermark").isNull(), "a source has no input watermark");
    assertEquals(3000, doubled.get("recordsIn").asLong(), "summed over both subtasks");
    assertEquals(1000, doubled.get("watermark").asLong(), "the least of its subtasks'");
    assertEquals(2, doubled.get("subtasks").size());
    assertEquals("REBALANCE", vertices.get("edges").get(0).get("partitioning").asText());

    JsonNode checkpoints = getJson("/api/v1/checkpoints");
    assertEquals(1000, checkpoints.get("intervalMillis").asLong());
    assertEquals(1, checkpoints.get("counts").get("inProgress").asInt());
    assertEquals(1234, checkpoints.get("history").get(1).get("sizeBytes").asLong(), "state and metadata");
    assertEquals(1130, checkpoints.get("history").get(1).get("stateSizeBytes").asLong());
    assertEquals(12, checkpoints.get("history").get(1).get("alignmentMillis").asLong());
    assertEquals("COMPLETED", checkpoints.get("history").get(1).get("status").asText());

    JsonNode tms = getJson("/api/v1/taskmanagers");
    assertEquals("node-b", tms.get("taskManagers").get(1).get("container").get("host").asText());
    assertEquals("Double (2/2)", tms.get("taskManagers").get(1).get("subtasks").get(0).asText());

    JsonNode exceptions = getJson("/api/v1/exceptions");
    assertTrue(exceptions.get("exceptions").get(0).get("stackTrace").asText().contains("at X.y"));

    JsonNode config = getJson("/api/v1/config").get("configuration");
    assertEquals("2", config.get("parallelism.default").asText());
    assertEquals("******", config.get("s3.secret-key").asText(), "secrets are never shown");
    assertEquals("job_1_0001", getJson("/api/v1/jobs").get("jobs").get(0).get("jobId").asText());
  }

  @Test
  void pathsWorkWithAndWithoutTrailingOrRepeatedSlashes() throws Exception {
    assertEquals(getJson("/api/v1/overview"), getJson("/api/v1/overview/"));
    assertEquals(getJson("/api/v1/overview"), getJson("//api/v1//overview"));
    HttpResponse<String> root = send("GET", "/");
    assertEquals(200, root.statusCode());
    assertTrue(root.body().contains("<title>Weft job</title>"), root.body());
    assertEquals(root.body(), send("GET", "/index.html").body());
    assertEquals(404, send("GET", "/api/v1/nothing").statusCode());
    assertEquals(405, send("DELETE", "/api/v1/overview").statusCode());
  }

  /** Through the ResourceManager's proxy the UI lives under /proxy/<app>/: any absolute link would leave it. */
  @Test
  void pagesLinkOnlyRelatively() throws Exception {
    Pattern link = Pattern.compile("(?:href|src|action)\\s*=\\s*\"([^\"]*)\"|fetch\\('([^']*)'|url\\(([^)]*)\\)");
    int links = 0;
    for (String file : List.of("/", "/weft.js", "/weft.css")) {
      HttpResponse<String> r = send("GET", file);
      assertEquals(200, r.statusCode(), file);
      assertFalse(r.body().contains("http://") || r.body().contains("https://"), file + " names no host");
      Matcher m = link.matcher(r.body());
      while (m.find()) {
        String target = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
        links++;
        assertFalse(target.startsWith("/") || target.contains("//"), file + " links relatively: " + target);
      }
    }
    assertTrue(links >= 5, "the check saw the page's links: " + links);
    assertTrue(send("GET", "/").body().contains("data-refresh-millis=\"1000\""), "the refresh interval is filled in");
  }

  @Test
  void theTaskManagersMetricsAreInPrometheusTextTheRestApiAndThePage() throws Exception {
    server.setMetricReports(() -> List.of(new io.weft.appmaster.metrics.MetricStore.Report("tm-0", 0, List.of(
        new io.weft.core.rpc.MetricScope("taskmanager", Map.of("tm_id", "tm-0"),
            List.of(io.weft.core.rpc.MetricValue.gauge("Status.JVM.Memory.Heap.Used", 1234)))))));
    try {
      String text = send("GET", "/metrics").body();
      assertTrue(text.contains("weft_task_records_out_total"), "the job's own figures stay: " + text);
      assertTrue(text.contains("weft_taskmanager_Status_JVM_Memory_Heap_Used{application=\"" + view.applicationId()
          + "\",tm_id=\"tm-0\"} 1234\n"), text);
      String json = send("GET", "/api/v1/metrics").body();
      assertTrue(json.contains("\"id\":\"tm-0\"") && json.contains("\"Status.JVM.Memory.Heap.Used\":1234"), json);
      HttpResponse<String> script = send("GET", "/weft-metrics.js");
      assertEquals(200, script.statusCode());
      assertTrue(script.body().contains("api/v1/metrics"));
      assertTrue(send("GET", "/").body().contains("<script src=\"weft-metrics.js\"></script>"));
    } finally {
      server.setMetricReports(List::of);
    }
  }

  @Test
  void metricsAreInPrometheusTextFormat() throws Exception {
    HttpResponse<String> r = send("GET", "/metrics");
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
    String body = r.body();
    assertTrue(body.contains("# TYPE weft_task_records_out_total counter"), body);
    assertTrue(body.contains("weft_task_records_out_total{job_id=\"job_1_0001\",job_name=\"doubling\",vertex_id=\""
        + view.vertices().get(0).id() + "\",vertex_name=\"Source: Numbers\",subtask=\"0\",task_manager=\"tm-0\"} 3000"), body);
    assertTrue(body.contains("weft_checkpoints_completed_total{job_id=\"job_1_0001\",job_name=\"doubling\"} 1"), body);
    for (String line : body.split("\n")) {
      assertTrue(line.startsWith("#")
          || line.matches("weft_[a-zA-Z0-9_:]+\\{[^}]*\\} (-?[0-9.eE+-]+|NaN|[+-]Inf)"), line);
    }
  }

  @Test
  void actionsWithoutAValidSignatureAreRefused() throws Exception {
    String path = "/api/v1/jobs/job_1_0001/cancel";
    HttpResponse<String> none = send("POST", path);
    assertEquals(401, none.statusCode());
    assertTrue(JSON.readTree(none.body()).get("error").asText().contains("signature"), none.body());

    RpcSecret other = RpcSecret.generate();
    long now = System.currentTimeMillis();
    assertEquals(401, send("POST", path + "?" + ActionSignature.signedQuery(other, "POST", path, Map.of(), now))
        .statusCode(), "signed with another secret");
    assertEquals(401, send("POST", path + "?" + ActionSignature.signedQuery(secret, "POST", path, Map.of(),
        now - 120_000)).statusCode(), "outside the clock skew");
    assertEquals(401, send("POST", path + "?" + ActionSignature.signedQuery(secret, "PUT", path, Map.of(), now))
        .statusCode(), "signed for another method");
    String otherPath = "/api/v1/jobs/job_1_0001/savepoint";
    assertEquals(401, send("POST", path + "?" + ActionSignature.signedQuery(secret, "POST", otherPath, Map.of(), now))
        .statusCode(), "signed for another path");
    String savepoint = ActionSignature.signedQuery(secret, "POST", otherPath, Map.of("targetDirectory", "hdfs:///a"),
        now);
    assertEquals(401, send("POST", otherPath + "?" + savepoint.replace("%3A%2F%2F%2Fa", "%3A%2F%2F%2Fb"))
        .statusCode(), "a parameter changed after signing");
    assertEquals(405, send("GET", path).statusCode());
    assertTrue(canceled.isEmpty());
    assertTrue(savepoints.isEmpty());
  }

  @Test
  void signedCancelIsDoneOnce() throws Exception {
    String path = "/api/v1/jobs/job_1_0001/cancel";
    String query = ActionSignature.signedQuery(secret, "POST", path, Map.of(), System.currentTimeMillis());
    HttpResponse<String> r = send("POST", path + "?" + query);
    assertEquals(202, r.statusCode(), r.body());
    assertEquals("CANCELING", JSON.readTree(r.body()).get("status").asText());
    assertEquals(1, canceled.size());
    assertTrue(canceled.get(0).contains("REST API"), canceled.get(0));
    assertEquals(401, send("POST", path + "?" + query).statusCode(), "a replayed request is refused");
    String wrongJob = "/api/v1/jobs/job_9_0009/cancel";
    assertEquals(404, send("POST", wrongJob + "?" + ActionSignature.signedQuery(secret, "POST", wrongJob, Map.of(),
        System.currentTimeMillis())).statusCode());
    assertEquals(1, canceled.size());
  }

  /** PUT is how the action passes the ResourceManager's proxy, which does not forward POST. */
  @Test
  void signedSavepointAnswersItsPath() throws Exception {
    String path = "/api/v1/jobs/job_1_0001/savepoint";
    String query = ActionSignature.signedQuery(secret, "PUT", path,
        Map.of("targetDirectory", "hdfs:///savepoints", "stopAfter", "true"), System.currentTimeMillis());
    HttpResponse<String> r = send("PUT", path + "?" + query);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("hdfs:///savepoints/savepoint-1", JSON.readTree(r.body()).get("savepoint").asText());
    assertEquals(List.of("hdfs:///savepoints true"), savepoints);
  }

  /** Flink's stop --drain through REST: drain is a parameter of the stop action, and only of a stop. */
  @Test
  void drainIsCarriedToTheStopAndRefusedWithoutOne() throws Exception {
    String path = "/api/v1/jobs/job_1_0001/savepoint";
    HttpResponse<String> r = send("PUT", path + "?" + ActionSignature.signedQuery(secret, "PUT", path,
        Map.of("targetDirectory", "hdfs:///sp", "stopAfter", "true", "drain", "true"), System.currentTimeMillis()));
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(JSON.readTree(r.body()).get("drained").asBoolean(), r.body());
    assertEquals(List.of("hdfs:///sp true drain"), savepoints);

    HttpResponse<String> withoutStop = send("PUT", path + "?" + ActionSignature.signedQuery(secret, "PUT", path,
        Map.of("drain", "true"), System.currentTimeMillis()));
    assertEquals(400, withoutStop.statusCode(), withoutStop.body());
    assertEquals("drain=true needs stopAfter=true: only a stop-with-savepoint drains the job",
        JSON.readTree(withoutStop.body()).get("error").asText());
    HttpResponse<String> notABoolean = send("PUT", path + "?" + ActionSignature.signedQuery(secret, "PUT", path,
        Map.of("stopAfter", "true", "drain", "yes"), System.currentTimeMillis()));
    assertEquals(400, notABoolean.statusCode(), notABoolean.body());
    assertEquals("stopAfter and drain take true or false, not 'yes'",
        JSON.readTree(notABoolean.body()).get("error").asText());
    assertEquals(1, savepoints.size(), "nothing else was asked of the job");
  }

  @Test
  void aFailedSavepointIsReportedAsSuch() throws Exception {
    server.close();
    JobActions failing = new JobActions() {
      @Override
      public void cancel(String reason) {}

      @Override
      public CompletableFuture<String> savepoint(String targetDirectory, boolean stopAfter, boolean drain) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("savepoints are not available yet"));
      }
    };
    server = new WebServer(0, () -> view, () -> failing, new ActionSignature(secret, 60_000), 1000);
    String path = "/api/v1/jobs/job_1_0001/savepoint";
    HttpResponse<String> r = send("POST", path + "?" + ActionSignature.signedQuery(secret, "POST", path, Map.of(),
        System.currentTimeMillis()));
    assertEquals(500, r.statusCode());
    assertTrue(JSON.readTree(r.body()).get("error").asText().contains("not available yet"), r.body());
  }

  @Test
  void signatureVerificationNamesWhatIsWrong() {
    ActionSignature signature = new ActionSignature(secret, 1000);
    String path = "/api/v1/jobs/j/cancel";
    Map<String, String> params = Map.of("timestamp", "5000");
    Map<String, String> signed = Map.of("timestamp", "5000", "signature",
        ActionSignature.sign(secret, "POST", path, params));
    assertNull(signature.verify("POST", path, signed, 5500));
    assertTrue(signature.verify("POST", path, signed, 5600).contains("already used"));
    assertTrue(signature.verify("POST", path, Map.of("timestamp", "x", "signature", "y"), 0).contains("epoch"));
    assertTrue(signature.verify("POST", path, signed, 9000).contains("ms away"));
  }
}
