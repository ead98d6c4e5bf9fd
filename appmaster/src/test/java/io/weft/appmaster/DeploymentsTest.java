package io.weft.appmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.source.GeneratorSource;
import io.weft.core.config.Configuration;
import io.weft.core.plan.JobGraph;
import io.weft.core.rpc.DeployTask;
import io.weft.core.rpc.PeerAddresses;
import io.weft.core.rpc.RpcCodec;
import io.weft.core.types.TypeInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;

/**
 * What a deployment sends, by the bytes the RPC codec writes: a TaskManager gets the table of
 * TaskManager addresses once, every subtask a message of a size that does not depend on the
 * parallelism, so the deployment grows with the subtasks plus one address per TaskManager and
 * receiver (it used to list every peer subtask with its address in every subtask's message: p² at
 * parallelism p for an all-to-all exchange). The job is the scale simulation's: two all-to-all exchanges.
 */
class DeploymentsTest {
  private static final ApplicationAttemptId ATTEMPT =
      ApplicationAttemptId.newInstance(ApplicationId.newInstance(1, 1), 1);

  /** source -> keyBy -> reduce -> rebalance -> sink, every task at parallelism p. */
  private static JobGraph job(int p) {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment(new Configuration());
    env.fromSource(new GeneratorSource<>(i -> i, Long.MAX_VALUE), "events", TypeInfo.of(Long.class)).setParallelism(p)
        .keyBy(x -> x % 1024, TypeInfo.of(Long.class)).reduce(Long::sum).name("sum").setParallelism(p)
        .rebalance().print().setParallelism(p);
    return env.buildJobGraph("deployment size");
  }

  /** TaskManager k serves its data at a realistic host name (long ones: the table's size is mostly them). */
  private static TaskManagerInfo taskManager(int k) {
    TaskManagerInfo tm = new TaskManagerInfo("tm-" + k, k, null);
    tm.dataHost = "worker-" + (k % 50) + ".rack-" + (k % 7) + ".yarn.example.org";
    tm.dataPort = 40_000 + k;
    return tm;
  }

  private static List<DeployTask> deploy(JobGraph graph, Placement placement) {
    Deployments deployments = new Deployments(ATTEMPT, "job_1_0001", graph, graph, placement, new Configuration(),
        new YarnConfiguration(), null, DeploymentsTest::taskManager);
    return deployments.all(3, graph.fingerprint(), "hdfs:///checkpoints/job_1_0001/chk-7/_metadata");
  }

  private static long bytes(List<DeployTask> deploys) {
    return deploys.stream().mapToLong(d -> RpcCodec.encode(d).length).sum();
  }

  @Test
  void atAFixedNumberOfTaskManagersTheDeploymentGrowsLinearlyWithTheParallelism() {
    // 10 TaskManagers of 2 slots, then of 20: ten times the subtasks.
    long small = bytes(deploy(job(20), Placement.of(job(20), 2)));
    long large = bytes(deploy(job(200), Placement.of(job(200), 20)));
    // Linear: about 10x (a bit less: the ten address tables are the same). Listing the peers
    // made it about 100x (each subtask's message grew with p too).
    assertTrue(large <= 10 * small, "p=20: " + small + " bytes, p=200: " + large + " bytes");
    assertTrue(large >= 5 * small, "p=20: " + small + " bytes, p=200: " + large + " bytes");
  }

  @Test
  void aSubtasksMessageDoesNotGrowWithTheParallelismAndEachTaskManagerGetsTheTableOnce() {
    int[] sizeWithoutTable = new int[2];
    int[] tableMessageSize = new int[2];
    int[] parallelisms = {20, 200};
    for (int run = 0; run < 2; run++) {
      int p = parallelisms[run];
      JobGraph graph = job(p);
      Placement placement = Placement.of(graph, 2);
      int n = placement.numTaskManagers();
      List<DeployTask> deploys = deploy(graph, placement);
      assertEquals(3 * p, deploys.size());
      Map<Integer, Integer> tables = new HashMap<>();
      for (DeployTask d : deploys) {
        int position = placement.taskManagerOf(d.subtaskIndex());
        int size = RpcCodec.encode(d).length;
        if (d.addresses().isPrevious()) {
          assertTrue(tables.containsKey(position), "TaskManager " + position + " got the table before " + d);
          assertTrue(sizeWithoutTable[run] == 0 || sizeWithoutTable[run] == size, "equal sizes: " + d);
          sizeWithoutTable[run] = size;
          continue;
        }
        assertFalse(tables.containsKey(position), "TaskManager " + position + " got a second table with " + d);
        tables.put(position, size);
        tableMessageSize[run] = Math.max(tableMessageSize[run], size);
        // The table places every subtask where the JobManager does, at its TaskManager's address.
        assertEquals(n, d.addresses().taskManagers().size());
        for (int i = 0; i < p; i++) {
          int k = d.addresses().taskManagerOf(i);
          assertEquals(placement.taskManagerOf(i), k);
          assertEquals(taskManager(k).dataPort, d.addresses().at(k).port());
          assertEquals(taskManager(k).dataHost, d.addresses().at(k).host());
        }
      }
      assertEquals(n, tables.size(), "one table per TaskManager");
    }
    assertEquals(sizeWithoutTable[0], sizeWithoutTable[1], "a subtask's message at p=20 and p=200");
    // The table message grows with the TaskManagers (10 -> 100), linearly: each entry is one address.
    double perTaskManager = (tableMessageSize[1] - tableMessageSize[0]) / 90.0;
    assertTrue(perTaskManager < 50, "bytes per TaskManager in the table: " + perTaskManager);
    assertTrue(tableMessageSize[1] < 10 * tableMessageSize[0] + 10 * sizeWithoutTable[0],
        tableMessageSize[0] + " -> " + tableMessageSize[1]);
  }
}
