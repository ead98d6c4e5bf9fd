package io.weft.appmaster.bench;

import io.weft.appmaster.SimulatedCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The JobManager's cost against the number of TaskManagers, on {@link SimulatedCluster} (the real
 * JobManager, real RPC, TaskManagers simulated in a child process, no YARN). For each count it runs
 * the job twice: without checkpoints, for deployment, heartbeat rounds, the web view, the idle cost
 * and the heap; then with checkpoints every {@code --interval} ms and no heartbeats, for the CPU per
 * checkpoint (less the idle cost). CPU is the JobManager's threads' ({@code weft-*}: event loop,
 * timer, RPC, checkpoint io) by ThreadMXBean; GC and JIT threads are not counted.
 *
 * <pre>
 * java -cp ... io.weft.appmaster.bench.AmScaleBench [--taskmanagers 2,20,200] [--slots 2] [--rounds 30]
 *     [--interval 100] [--seconds 15]
 * </pre>
 */
public final class AmScaleBench {
  private AmScaleBench() {}

  public static void main(String[] args) throws Exception {
    List<Integer> counts = List.of(2, 20, 200);
    int slots = 2;
    int rounds = 30;
    long interval = 100;
    int seconds = 15;
    for (int i = 0; i < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--taskmanagers" -> counts = java.util.Arrays.stream(value.split(",")).map(Integer::valueOf).toList();
        case "--slots" -> slots = Integer.parseInt(value);
        case "--rounds" -> rounds = Integer.parseInt(value);
        case "--interval" -> interval = Long.parseLong(value);
        case "--seconds" -> seconds = Integer.parseInt(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + " (--taskmanagers, --slots, --rounds, --interval, --seconds)");
      }
    }
    System.out.println("warm-up (20 TaskManagers, not reported)");
    measure(20, slots, rounds, interval, Math.max(3, seconds / 3));
    List<String> rows = new ArrayList<>();
    for (int n : counts) {
      rows.add(measure(n, slots, rounds, interval, seconds));
    }
    System.out.println();
    System.out.println("| TaskManagers | subtasks | deploy: wall ms | deploy: AM CPU ms | deploy: KiB sent"
        + " | largest DeployTask, bytes | heartbeat round: AM CPU ms | per heartbeat: AM CPU µs | checkpoint: AM CPU ms | per ack: AM CPU µs | checkpoints in "
        + seconds + " s | job view: AM CPU ms | idle: AM CPU ms/s | AM heap after GC, MiB (job's share) |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    rows.forEach(System.out::println);
  }

  private static String measure(int n, int slots, int rounds, long interval, int seconds) throws Exception {
    long heapBefore = SimulatedCluster.heapAfterGc();
    double deployWallMs;
    double deployCpuMs;
    double roundCpuMs;
    double viewCpuMs;
    double idleCpuMsPerSecond;
    long heapJob;
    long heapTotal;
    int subtasks;
    long[] deployed;
    try (SimulatedCluster cluster = new SimulatedCluster(n, slots, 0)) {
      subtasks = cluster.subtasks();
      long cpu = SimulatedCluster.jobManagerCpuNanos();
      long wall = System.nanoTime();
      cluster.startAndAwaitRunning();
      deployWallMs = (System.nanoTime() - wall) / 1e6;
      deployCpuMs = (SimulatedCluster.jobManagerCpuNanos() - cpu) / 1e6;
      deployed = cluster.deployedBytes();
      for (int r = 0; r < 5; r++) {
        cluster.heartbeatRound();
      }
      cpu = SimulatedCluster.jobManagerCpuNanos();
      for (int r = 0; r < rounds; r++) {
        cluster.heartbeatRound();
      }
      roundCpuMs = (SimulatedCluster.jobManagerCpuNanos() - cpu) / 1e6 / rounds;
      cpu = SimulatedCluster.jobManagerCpuNanos();
      for (int r = 0; r < 10; r++) {
        cluster.view();
      }
      viewCpuMs = (SimulatedCluster.jobManagerCpuNanos() - cpu) / 1e6 / 10;
      cpu = SimulatedCluster.jobManagerCpuNanos();
      wall = System.nanoTime();
      Thread.sleep(5_000);
      idleCpuMsPerSecond = (SimulatedCluster.jobManagerCpuNanos() - cpu) / 1e6 / ((System.nanoTime() - wall) / 1e9);
      heapTotal = SimulatedCluster.heapAfterGc();
      heapJob = heapTotal - heapBefore;
      cluster.heartbeatRound(); // the job stays alive through the collections
    }
    double checkpointCpuMs;
    long checkpoints;
    try (SimulatedCluster cluster = new SimulatedCluster(n, slots, interval)) {
      cluster.startAndAwaitRunning();
      io.weft.testing.Await.until("3 checkpoints completed", java.time.Duration.ofMinutes(2),
          () -> cluster.view().checkpointsCompleted() >= 3);
      long done = cluster.view().checkpointsCompleted();
      long cpu = SimulatedCluster.jobManagerCpuNanos();
      long wall = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      cluster.awaitEventThread();
      double elapsed = (System.nanoTime() - wall) / 1e9;
      long used = SimulatedCluster.jobManagerCpuNanos() - cpu;
      checkpoints = cluster.view().checkpointsCompleted() - done;
      if (cluster.view().checkpointsFailed() > 0) {
        throw new AssertionError(cluster.view().checkpointsFailed() + " checkpoints failed with " + n
            + " TaskManagers");
      }
      checkpointCpuMs = (used / 1e6 - idleCpuMsPerSecond * elapsed) / Math.max(1, checkpoints);
    }
    String row = String.format(Locale.ROOT, "| %d | %d | %.0f | %.0f | %.1f | %d | %.2f | %.1f | %.2f | %.1f | %d"
        + " | %.2f | %.2f | %.1f (%.1f) |", n, subtasks, deployWallMs, deployCpuMs, deployed[0] / 1024.0,
        deployed[2], roundCpuMs, roundCpuMs * 1000 / n,
        checkpointCpuMs, checkpointCpuMs * 1000 / subtasks, checkpoints, viewCpuMs, idleCpuMsPerSecond,
        heapTotal / 1048576.0, heapJob / 1048576.0);
    System.out.println(row);
    return row;
  }
}
