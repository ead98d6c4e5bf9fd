package io.weft.appmaster.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.appmaster.autoscale.Autoscaler;
import io.weft.appmaster.autoscale.VertexDecision;
import io.weft.appmaster.web.JobView;
import io.weft.core.config.Configuration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives on the local file system (a real Hadoop FileSystem), served by a real history server over HTTP. */
class HistoryServerTest {
  @TempDir Path dir;

  private static JobView view(String jobId, String state, String failure) {
    JobView placeholder = JobView.placeholder("application_1_0001", 1, state, Map.of("parallelism.default", "2"));
    return new JobView(placeholder.applicationId(), 1, jobId, "Archived job", state, 1f, 1_000, 61_000, 500, 0, 1, 1,
        "alice", new JobView.Container("", "", ""), List.of(), List.of(), List.of(), List.of(), 0, List.of(), 0, 0,
        failure == null ? List.of() : List.of(new JobView.Failure(2_000, "Map (1/1)", failure, "trace")),
        placeholder.configuration(), null);
  }

  @Test
  void servesArchivedJobsReadOnly() throws Exception {
    String archiveDir = dir.toUri().toString();
    org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
    JobArchive archive = JobArchive.at(archiveDir, hadoop);
    archive.write(view("job_1_0001", "FAILED", "boom on purpose"), null);
    Autoscaler.Status scaling = new Autoscaler.Status(true, 60_000, "no change needed", List.of(new VertexDecision(3,
        "CostlyCount", 1, 1, 0.35, 60, 190, 60, 0.45, "within the utilization bounds")), "rescaled task(s) {3=1}: done",
        58_000);
    archive.write(view("job_1_0002", "FINISHED", null), scaling);
    assertNull(archive.document("../job_1_0002", "overview"), "only job ids become file names");
    assertNull(archive.document("job_1_0003", "overview"));

    Configuration conf = new Configuration();
    conf.set(HistoryOptions.HISTORY_ARCHIVE_DIR, archiveDir);
    conf.set(HistoryOptions.HISTORY_PORT, 0);
    HttpClient http = HttpClient.newHttpClient();
    try (HistoryServer server = HistoryServer.start(conf, hadoop)) {
      String base = "http://127.0.0.1:" + server.port();
      HttpResponse<String> list = get(http, base + "/api/v1/jobs");
      assertEquals(200, list.statusCode());
      assertTrue(list.body().contains("\"jobId\":\"job_1_0001\"") && list.body().contains("\"jobId\":\"job_1_0002\""),
          list.body());
      HttpResponse<String> exceptions = get(http, base + "/jobs/job_1_0001/api/v1/exceptions");
      assertEquals(200, exceptions.statusCode());
      assertTrue(exceptions.body().contains("boom on purpose"), exceptions.body());
      assertTrue(get(http, base + "/jobs/job_1_0002/api/v1/overview").body().contains("\"state\":\"FINISHED\""));
      assertTrue(get(http, base + "/jobs/job_1_0002/").body().contains("weft.js"));
      // The Scaling panel of an ended job: the autoscaler's last decisions, at both paths the JobManager answers.
      HttpResponse<String> decisions = get(http, base + "/jobs/job_1_0002/api/v1/scaling");
      assertEquals(200, decisions.statusCode());
      assertTrue(decisions.body().contains("\"enabled\":true") && decisions.body().contains("\"task\":\"CostlyCount\"")
          && decisions.body().contains("rescaled task(s) {3=1}: done"), decisions.body());
      assertEquals(decisions.body(), get(http, base + "/jobs/job_1_0002/api/v1/jobs/job_1_0002/scaling").body());
      assertEquals(404, get(http, base + "/jobs/job_1_0002/api/v1/jobs/job_1_0001/scaling").statusCode());
      assertTrue(get(http, base + "/jobs/job_1_0001/api/v1/scaling").body().contains("\"enabled\":false"),
          "a job without the autoscaler: the panel says it was off");
      assertTrue(get(http, base + "/").body().contains("jobs/job_1_0001/"));
      assertEquals(404, get(http, base + "/jobs/job_1_0009/api/v1/overview").statusCode());
      assertEquals(404, get(http, base + "/jobs/job_1_0001/api/v1/job").statusCode());
      HttpResponse<String> cancel = http.send(HttpRequest.newBuilder(URI.create(base
          + "/jobs/job_1_0001/api/v1/jobs/job_1_0001/cancel")).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(405, cancel.statusCode());
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
