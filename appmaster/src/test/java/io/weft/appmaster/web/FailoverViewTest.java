package io.weft.appmaster.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.source.GeneratorSource;
import io.weft.appmaster.JobManager;
import io.weft.appmaster.Placement;
import io.weft.core.config.Configuration;
import io.weft.core.plan.JobGraph;
import io.weft.core.plan.JobVertex;
import io.weft.core.rpc.RpcSecret;
import io.weft.core.rpc.TaskState;
import io.weft.core.rpc.TaskStateChanged;
import io.weft.core.types.TypeInfo;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a second ApplicationMaster attempt shows once its tasks run again: no restart happened in
 * it, so the restart count is 0 whatever the execution attempt's number, and the figures measured
 * from the client's start do not exceed what this attempt can have seen.
 */
class FailoverViewTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private JobManager jobManager;

  @AfterEach
  void close() {
    if (jobManager != null) {
      jobManager.close();
    }
  }

  @Test
  void aSecondAttemptShowsNoRestartAndSaneFigures() throws Exception {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment(new Configuration());
    env.fromSource(new GeneratorSource<>(i -> i, Long.MAX_VALUE), "endless", TypeInfo.of(Long.class)).setParallelism(1)
        .map(x -> x).name("copy").setParallelism(1).print();
    JobGraph graph = env.buildJobGraph("endless job");
    ApplicationAttemptId second = ApplicationAttemptId.newInstance(ApplicationId.newInstance(1, 1), 2);
    long clientStart = System.currentTimeMillis() - 3_600_000; // the client submitted an hour ago
    jobManager = new JobManager(second, graph, graph, Placement.of(graph, 1), new Configuration(), new YarnConfiguration(),
        "/nonexistent-staging", RpcSecret.generate().toBase64(), "127.0.0.1:1", clientStart, null);

    JsonNode before = JSON.readTree(RestDocuments.overview(jobManager.view()));
    int attempt = before.get("executionAttempt").asInt();
    assertEquals(1 << 20, attempt, "the second ApplicationMaster's first execution attempt");
    for (JobVertex v : graph.vertices()) {
      for (int i = 0; i < v.parallelism(); i++) {
        jobManager.onMessage(null, new TaskStateChanged("job_1_0001", String.valueOf(v.id()), i, TaskState.RUNNING,
            "", attempt));
      }
    }
    JsonNode overview = JSON.readTree(RestDocuments.overview(jobManager.view()));
    assertEquals("RUNNING", overview.get("state").asText());
    assertEquals(0, overview.get("restarts").asInt(), "no restart happened: " + overview);
    assertEquals(attempt, overview.get("executionAttempt").asInt(), "the attempt is shown apart");
    long after = overview.get("allTasksRunningAfterMillis").asLong();
    assertTrue(after >= 0 && after <= overview.get("uptimeMillis").asLong(),
        "all tasks ran within this attempt's uptime: " + overview);
    assertEquals(0.1, overview.get("progress").asDouble(), 1e-6, "an unbounded job whose tasks all run: " + overview);
    String metrics = PrometheusText.of(jobManager.view());
    assertTrue(metrics.contains("weft_job_restarts_total{job_id=\"job_1_0001\",job_name=\"endless job\"} 0\n"),
        metrics);
  }
}
