package io.weft.appmaster.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.appmaster.autoscale.Autoscaler;
import io.weft.appmaster.autoscale.VertexDecision;
import io.weft.core.rpc.RpcSecret;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code api/v1/jobs/<jobId>/scaling}: the autoscaler's latest decisions with their inputs, or that it is off. */
class ScalingRouteTest {
  private Autoscaler.Status status;

  private final JobActions actions = new JobActions() {
    @Override
    public void cancel(String reason) {}

    @Override
    public CompletableFuture<String> savepoint(String targetDirectory, boolean stopAfter, boolean drain) {
      return CompletableFuture.failedFuture(new UnsupportedOperationException());
    }

    @Override
    public Autoscaler.Status scaling() {
      return status;
    }
  };

  private WebRoutes.Response get(String path) throws Exception {
    WebRoutes routes = new WebRoutes(RescaleRouteTest::view, () -> actions,
        new ActionSignature(RpcSecret.generate(), 60_000), 1000);
    return routes.answer("GET", path, "127.0.0.1").get(30, TimeUnit.SECONDS);
  }

  @Test
  void showsEachTasksDecisionWithItsInputs() throws Exception {
    status = new Autoscaler.Status(true, 5000, "decision held for 10 s of the stabilization interval",
        List.of(new VertexDecision(2, "copy", 2, 3, 0.95, 1000, 526.316, 1000, 0.95, "scale up: utilization above 0.80")),
        null, -1);
    WebRoutes.Response r = get("/api/v1/jobs/job_1_0001/scaling");
    assertEquals(200, r.status(), r.body());
    assertTrue(r.body().contains("\"enabled\":true"), r.body());
    assertTrue(r.body().contains("\"task\":\"copy\",\"parallelism\":2,\"newParallelism\":3,\"busyRatio\":0.95"), r.body());
    assertTrue(r.body().contains("\"trueRatePerSubtask\":526.316"), r.body());
    assertTrue(r.body().contains("\"reason\":\"scale up: utilization above 0.80\""), r.body());
    assertEquals(r.body(), get("/api/v1/scaling").body());
  }

  @Test
  void showsTheLogOfRescalesEachWithTheEvaluationItActedOn() throws Exception {
    VertexDecision up = new VertexDecision(2, "copy", 1, 2, 0.99, 45, 45.5, 45, 0.99, "scale up: utilization above 0.90");
    VertexDecision now = new VertexDecision(2, "copy", 2, 2, 0.4, 80, 100, 80, 0.4, "kept: utilization within 0.70 +- 0.20");
    status = new Autoscaler.Status(true, 9000, "no change needed", List.of(now), "rescaled task(s) {2=2}: done", 8000,
        List.of(new Autoscaler.Action(5000, java.util.Map.of(2, 2), List.of(up), "rescaled task(s) {2=2}: done", 8000),
            new Autoscaler.Action(8500, java.util.Map.of(2, 1), List.of(now), null, -1)));
    String body = get("/api/v1/scaling").body();
    assertTrue(body.contains("\"actions\":[{\"startedAtMillis\":5000,\"parallelism\":{\"2\":2},"
        + "\"outcome\":\"rescaled task(s) {2=2}: done\",\"endedAtMillis\":8000,\"decisions\":[{\"taskId\":2,"
        + "\"task\":\"copy\",\"parallelism\":1,\"newParallelism\":2,\"busyRatio\":0.99"), body);
    assertTrue(body.contains("{\"startedAtMillis\":8500,\"parallelism\":{\"2\":1},\"decisions\":["), body);
  }

  @Test
  void saysWhenTheAutoscalerIsOffAndRefusesAnotherJob() throws Exception {
    status = null;
    assertTrue(get("/api/v1/scaling").body().contains("\"enabled\":false"));
    assertEquals(404, get("/api/v1/jobs/job_other/scaling").status());
  }
}
