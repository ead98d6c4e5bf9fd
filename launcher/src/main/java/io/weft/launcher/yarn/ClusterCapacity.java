package io.weft.launcher.yarn;

import io.weft.core.config.Configuration;
import io.weft.core.config.CoreOptions;
import io.weft.launcher.LauncherOptions;
import io.weft.launcher.cli.CliException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.QueueInfo;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.exceptions.YarnException;

/**
 * Refuses, before anything is uploaded, a job the cluster could never run: YARN would accept it
 * and leave it waiting with no word. Two checks: the queue exists; and the running NodeManagers
 * can hold the ApplicationMaster and every TaskManager container at once (each container on one
 * node, by memory and vcores). A job that fits but finds the cluster busy is not refused: it waits.
 */
final class ClusterCapacity {
  private ClusterCapacity() {}

  /** The queue {@code yarn.application.queue} names must exist; else the message lists those there are. */
  static void checkQueue(YarnClient yarn, String queue) throws IOException, YarnException {
    QueueInfo info;
    try {
      info = yarn.getQueueInfo(queue);
    } catch (YarnException | IOException e) {
      info = null; // the CapacityScheduler answers an unknown queue with an exception, others with null
    }
    if (info == null) {
      TreeSet<String> names = new TreeSet<>();
      for (QueueInfo q : yarn.getAllQueues()) {
        names.add(q.getQueueName());
      }
      throw new CliException("-yqu (" + LauncherOptions.APPLICATION_QUEUE.key() + "): the cluster has no queue '" + queue
          + "'; its queues are " + String.join(", ", names));
    }
  }

  /** The ApplicationMaster and {@code taskManagers} TaskManager containers must fit on the running nodes at once. */
  static void checkRoom(YarnClient yarn, Configuration conf, String jobName, int parallelism, int taskManagers)
      throws IOException, YarnException {
    long amMb = conf.get(LauncherOptions.JOBMANAGER_MEMORY).mebiBytes();
    long tmMb = conf.get(LauncherOptions.TASKMANAGER_MEMORY).mebiBytes();
    int tmVcores = CoreOptions.vcoresPerTaskManager(conf);
    List<long[]> nodes = new ArrayList<>(); // {memory MB, vcores}
    long totalMb = 0;
    long totalVcores = 0;
    for (NodeReport node : yarn.getNodeReports(NodeState.RUNNING)) {
      long mb = node.getCapability().getMemorySize();
      long vcores = node.getCapability().getVirtualCores();
      nodes.add(new long[] {mb, vcores});
      totalMb += mb;
      totalVcores += vcores;
    }
    int room = mostTaskManagers(nodes, amMb, 1, tmMb, tmVcores);
    if (room >= taskManagers) {
      return;
    }
    int slots = conf.get(CoreOptions.NUM_TASK_SLOTS);
    throw new CliException("Job '" + jobName + "' needs " + taskManagers + " TaskManager container(s) (parallelism "
        + parallelism + " / " + slots + " slot(s) each) of " + tmMb + " MB and " + tmVcores + " vcore(s), besides the"
        + " ApplicationMaster's " + amMb + " MB and 1 vcore; the cluster's " + nodes.size() + " running NodeManager(s) ("
        + totalMb + " MB and " + totalVcores + " vcores in all) can hold " + (room < 0 ? "not even the ApplicationMaster"
        : "at most " + room + " such TaskManager(s) beside it") + ", so the job would wait forever. Ask for less: a"
        + " smaller -ytm, more slots per TaskManager (-ys) or a lower parallelism (-p)");
  }

  /**
   * How many TaskManagers fit on {@code nodes} once the ApplicationMaster has a node: the best
   * place for it is the node where it costs the fewest TaskManagers. -1 when it fits nowhere.
   */
  static int mostTaskManagers(List<long[]> nodes, long amMb, int amVcores, long tmMb, int tmVcores) {
    int all = 0;
    for (long[] n : nodes) {
      all += fits(n[0], n[1], tmMb, tmVcores);
    }
    int best = -1;
    for (long[] n : nodes) {
      if (n[0] >= amMb && n[1] >= amVcores) {
        int withAm = all - fits(n[0], n[1], tmMb, tmVcores) + fits(n[0] - amMb, n[1] - amVcores, tmMb, tmVcores);
        best = Math.max(best, withAm);
      }
    }
    return best;
  }

  private static int fits(long mb, long vcores, long tmMb, int tmVcores) {
    return (int) Math.min(mb / tmMb, vcores / tmVcores);
  }
}
