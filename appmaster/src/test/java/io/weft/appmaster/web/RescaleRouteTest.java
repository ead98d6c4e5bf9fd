package io.weft.appmaster.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.environment.StreamEnvironment;
import io.weft.core.config.Configuration;
import io.weft.core.plan.JobGraph;
import io.weft.core.rpc.RpcSecret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The signed rescale action of the REST API: parameters checked before the job hears of it, answers as the job gives them. */
class RescaleRouteTest {
  private static final String PATH = "/api/v1/jobs/job_1_0001/rescale";
  private final RpcSecret secret = RpcSecret.generate();
  private final List<String> asked = new ArrayList<>();
  private CompletableFuture<String> answer = CompletableFuture.completedFuture("job job_1_0001 from [a p=2] to [a p=4]");

  private final JobActions actions = new JobActions() {
    @Override
    public void cancel(String reason) {}

    @Override
    public CompletableFuture<String> savepoint(String targetDirectory, boolean stopAfter, boolean drain) {
      return CompletableFuture.failedFuture(new UnsupportedOperationException());
    }

    @Override
    public CompletableFuture<String> rescale(int parallelism, Map<String, Integer> vertices, String by) {
      asked.add(parallelism + " " + vertices);
      return answer;
    }
  };

  private WebRoutes.Response post(Map<String, String> params, boolean signed) throws Exception {
    String query = signed ? ActionSignature.signedQuery(secret, "POST", PATH, params, System.currentTimeMillis())
        : "parallelism=4";
    WebRoutes routes = new WebRoutes(RescaleRouteTest::view, () -> actions, new ActionSignature(secret, 60_000), 1000);
    return routes.answer("POST", PATH + "?" + query, "127.0.0.1").get(30, TimeUnit.SECONDS);
  }

  static JobView view() {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment(new Configuration());
    env.fromSequence(1, 10).print();
    JobGraph graph = env.buildJobGraph("small");
    return new JobView("application_1_0001", 1, "job_1_0001", "small", "RUNNING", 0.5f, 0, 20_000, 900, 0, 0, 1,
        "alice", new JobView.Container("c", "node-a", "node-a:8042"), JobView.vertices(graph), JobView.edges(graph),
        List.of(), List.of(), 1000, List.of(), 0, 0, List.of(), Map.of(), null);
  }

  @Test
  void aSignedRescaleReachesTheJobAndAnswersItsSummary() throws Exception {
    WebRoutes.Response r = post(Map.of("parallelism", "4", "vertex.Sink: Print", "1"), true);
    assertEquals(200, r.status(), r.body());
    assertTrue(r.body().contains("from [a p=2] to [a p=4]"), r.body());
    assertEquals(List.of("4 {Sink: Print=1}"), asked);
  }

  @Test
  void unsignedOrMalformedRequestsNeverReachTheJob() throws Exception {
    assertEquals(401, post(Map.of(), false).status());
    WebRoutes.Response bad = post(Map.of("parallelism", "four"), true);
    assertEquals(400, bad.status());
    assertTrue(bad.body().contains("parallelism 'four' is not a whole number"), bad.body());
    WebRoutes.Response zero = post(Map.of("vertex.map", "0"), true);
    assertEquals(400, zero.status());
    assertTrue(zero.body().contains("vertex.map 0: the parallelism must be at least 1"), zero.body());
    assertEquals(List.of(), asked);
  }

  @Test
  void aRefusalSaysWhyWithItsStatus() throws Exception {
    answer = CompletableFuture.failedFuture(new IllegalArgumentException("parallelism 200 is above the max parallelism 128"));
    WebRoutes.Response refused = post(Map.of("parallelism", "200"), true);
    assertEquals(400, refused.status());
    assertTrue(refused.body().contains("above the max parallelism 128"), refused.body());
    answer = CompletableFuture.failedFuture(new IllegalStateException("the cluster did not grant"));
    assertEquals(409, post(Map.of("parallelism", "3"), true).status());
  }
}
