package io.weft.appmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.appmaster.web.JobView;
import io.weft.testing.Await;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The simulation the JobManager's scale benchmark ({@code bench.AmScaleBench}) runs on does what it
 * claims: the real JobManager deploys to TaskManagers in a child process over real RPC, takes their
 * heartbeats' counters, completes checkpoints they acknowledge, and everything stops on close.
 */
class SimulatedClusterTest {
  @Test
  void theJobManagerDeploysTakesHeartbeatsAndCompletesCheckpointsOfSimulatedTaskManagers() throws Exception {
    try (SimulatedCluster cluster = new SimulatedCluster(3, 2, 200)) {
      cluster.startAndAwaitRunning();
      JobView view = cluster.view();
      assertEquals(3, view.taskManagers().size());
      assertTrue(view.taskManagers().stream().allMatch(JobView.TaskManager::registered), view.taskManagers().toString());
      assertEquals(cluster.subtasks(), view.subtasks().size());
      assertEquals(18, cluster.subtasks(), "three tasks at parallelism 3 x 2 slots");

      cluster.heartbeatRound();
      cluster.heartbeatRound();
      view = cluster.view();
      for (JobView.Subtask s : view.subtasks()) {
        assertNotNull(s.metrics(), "counters of " + s + " from its TaskManager's heartbeat");
        assertEquals("RUNNING", s.state());
      }
      assertEquals(3, cluster.jobManager().metricStore().current().size(), "each TaskManager's metrics");

      Await.until("two checkpoints completed", Duration.ofSeconds(60), () -> cluster.view().checkpointsCompleted() >= 2);
      assertEquals(0, cluster.view().checkpointsFailed());
      assertEquals(cluster.subtasks(), cluster.view().checkpoints().stream()
          .filter(c -> c.status() == io.weft.appmaster.checkpoint.CheckpointHistory.Status.COMPLETED)
          .findFirst().orElseThrow().acknowledged(), "every subtask acknowledged");
      assertTrue(SimulatedCluster.jobManagerCpuNanos() > 0, "the JobManager's threads are measured");
    }
  }
}
