package io.weft.launcher.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.appmaster.checkpoint.CheckpointHistory;
import io.weft.appmaster.metrics.TaskMetrics;
import io.weft.appmaster.web.ActionSignature;
import io.weft.appmaster.web.JobView;
import io.weft.appmaster.web.WebServer;
import io.weft.core.rpc.RpcSecret;
import io.weft.core.rpc.TaskState;
import io.weft.core.rpc.TaskStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The progress line reads the JobManager's real REST answer: both sides of that contract together. */
class JobOverviewTest {

  @Test
  void readsStateTasksRateAndLastCheckpointFromTheRestApi() throws Exception {
    TaskMetrics source = TaskMetrics.next(TaskMetrics.next(null,
        new TaskStatus("1/0", TaskState.RUNNING, 0, 100, 0, 0, 0, -1), 1_000),
        new TaskStatus("1/0", TaskState.RUNNING, 0, 600, 0, 0, 0, -1), 3_000);
    JobView view = new JobView("application_1_0001", 1, "job_1_0001", "j", "RUNNING", 0.1f, 0, 1, 1234, 0, 0, 1, "u",
        new JobView.Container("", "", ""), List.of(new JobView.Vertex(1, "Source: s", 1, List.of("Source: s"), true),
            new JobView.Vertex(2, "Sink", 1, List.of("Sink"), false)),
        List.of(new JobView.Edge(1, 2, "REBALANCE")),
        List.of(new JobView.Subtask(1, 0, "RUNNING", "tm-0", source), new JobView.Subtask(2, 0, "DEPLOYING", "tm-0",
            null)), List.of(), 1000,
        List.of(new CheckpointHistory.Entry(8, CheckpointHistory.Status.IN_PROGRESS, 0, 0, 2, -1, -1, -1, -1, -1, ""),
            new CheckpointHistory.Entry(7, CheckpointHistory.Status.COMPLETED, 0, 2, 2, 30, 85, 0, 0, 99, "")), 7, 0,
        List.of(), Map.of(), null);
    try (WebServer server = new WebServer(0, () -> view, () -> null, new ActionSignature(RpcSecret.generate(), 1000),
        1000)) {
      JobOverview overview = JobOverview.fetch("http://127.0.0.1:" + server.port());
      assertEquals(new JobOverview("RUNNING", 1, 2, 250.0, "7 COMPLETED in 85 ms", 1234, null, null), overview);
      assertEquals("RUNNING, 1/2 tasks running, 250 records/s, last checkpoint 7 COMPLETED in 85 ms", overview.line());
      assertEquals(overview, JobOverview.fetch("http://127.0.0.1:" + server.port() + "/"));
    }
  }

  @Test
  void theLatestFailureIsReadInTheJobManagersWords() {
    JobOverview o = JobOverview.parse("{\"state\":\"RESTARTING\",\"tasks\":{\"total\":2},"
        + "\"lastFailure\":\"TaskManager tm-0 was killed by YARN for using 1.7 GB of its 1.5 GB container; raise -ytm"
        + " or taskmanager.memory.* \\\"quoted\\\"\\nnext \\u003cb\\u003e\"}");
    assertEquals("TaskManager tm-0 was killed by YARN for using 1.7 GB of its 1.5 GB container; raise -ytm or "
        + "taskmanager.memory.* \"quoted\"\nnext <b>", o.lastFailure());
  }

  @Test
  void aLongFailureWithANodeManagersProcessTreeIsReadWithoutOverflowingTheStack() {
    String line = "\\t|- 18858 18591 (java) 173 63 3039911936 293890 /usr/lib/jvm/java-17/bin/java -Xmx161061274 x\\n";
    String message = "TaskManager tm-0 was killed by YARN" + line.repeat(2_000);
    JobOverview o = JobOverview.parse("{\"state\":\"RESTARTING\",\"tasks\":{\"total\":2},\"lastFailure\":\""
        + message + "\"}");
    assertTrue(o.lastFailure().startsWith("TaskManager tm-0 was killed by YARN\t|- 18858"), o.lastFailure());
    assertTrue(o.lastFailure().endsWith(" x\n"));
  }

  @Test
  void somethingElseAtTheUrlIsNoOverview() {
    assertNull(JobOverview.parse("<html>not weft</html>"));
    assertNull(JobOverview.fetch("N/A"));
  }
}
