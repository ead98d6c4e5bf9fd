package io.weft.appmaster.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.source.GeneratorSource;
import io.weft.appmaster.JobManager;
import io.weft.appmaster.Placement;
import io.weft.core.config.Configuration;
import io.weft.core.config.RestartOptions;
import io.weft.core.plan.JobGraph;
import io.weft.core.plan.JobVertex;
import io.weft.core.rpc.RpcSecret;
import io.weft.core.rpc.TaskState;
import io.weft.core.rpc.TaskStateChanged;
import io.weft.core.types.TypeInfo;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A failure that a restart cannot cure (the TaskManager marks it so) fails the job at once with its
 * reason, whatever the restart strategy allows; any other failure restarts it.
 */
class NonRecoverableFailureTest {
  private JobManager jobManager;
  private JobGraph graph;

  @AfterEach
  void close() {
    if (jobManager != null) {
      jobManager.close();
    }
  }

  private int start() {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment(new Configuration());
    env.fromSource(new GeneratorSource<>(i -> i, Long.MAX_VALUE), "endless", TypeInfo.of(Long.class)).setParallelism(1)
        .map(x -> x).name("copy").setParallelism(1).print();
    graph = env.buildJobGraph("endless job");
    Configuration conf = new Configuration();
    conf.set(RestartOptions.TYPE, "fixed-delay");
    conf.set(RestartOptions.FIXED_DELAY_ATTEMPTS, 1000);
    jobManager = new JobManager(ApplicationAttemptId.newInstance(ApplicationId.newInstance(1, 1), 1), graph, graph,
        Placement.of(graph, 1), conf, new YarnConfiguration(), "/nonexistent-staging",
        RpcSecret.generate().toBase64(), "127.0.0.1:1", System.currentTimeMillis(), null);
    for (JobVertex v : graph.vertices()) {
      jobManager.onMessage(null, new TaskStateChanged("job_1_0001", String.valueOf(v.id()), 0, TaskState.RUNNING, "",
          0));
    }
    return graph.vertices().get(graph.vertices().size() - 1).id();
  }

  @Test
  void aFailureARestartCannotCureFailsTheJobOnce() throws Exception {
    int sink = start();
    String reason = TaskStateChanged.NOT_RECOVERABLE + "operator 'copy' failed: io.weft.state.snapshot."
        + "CorruptStateException: corrupt state in chk-3/keyed-1 at offset 12";
    jobManager.onMessage(null, new TaskStateChanged("job_1_0001", String.valueOf(sink), 0, TaskState.FAILED,
        reason, 0));
    JobManager.Outcome outcome = jobManager.outcome().get(30, TimeUnit.SECONDS);
    assertEquals(FinalApplicationStatus.FAILED, outcome.status());
    assertTrue(outcome.diagnostics().contains("CorruptStateException: corrupt state in chk-3/keyed-1"),
        outcome.diagnostics());
    assertTrue(outcome.diagnostics().contains("not restarted"), outcome.diagnostics());
    assertEquals(0, jobManager.view().restarts());
  }

  @Test
  void anyOtherFailureRestartsTheJob() throws Exception {
    int sink = start();
    jobManager.onMessage(null, new TaskStateChanged("job_1_0001", String.valueOf(sink), 0, TaskState.FAILED,
        "operator 'copy' failed: java.io.IOException: connection reset", 0));
    assertEquals("RESTARTING", jobManager.view().state());
    assertTrue(!jobManager.outcome().isDone());
  }
}
