package io.weft.worker.taskmanager;

import io.weft.core.config.CheckpointOptions;
import io.weft.core.config.Configuration;
import io.weft.core.plan.JobGraph;
import io.weft.core.plan.JobVertex;
import io.weft.core.plan.StreamNode;
import io.weft.worker.task.SpecCopier;
import java.io.InputStream;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does ahead of time, in a fresh TaskManager JVM, what its first deployment would otherwise do
 * for the first time while the job waits: an in-place rescale that adds TaskManagers deploys into
 * JVMs that have run nothing yet, and every task of the job waits for their slowest subtask
 * (issue 26 measured 7 s of a 9 s pause there). Everything here is best effort: a step that fails
 * is logged and skipped, and the deployment does it (and reports any failure) as it always did.
 *
 * <p>Two parts, because a job's first submission must not wait for what only a restore needs:
 * <ul>
 *   <li>{@link #forDeployment}, on the deployer thread right after the plan was read, before the
 *       TaskManager registers (milliseconds): derives a rescaled copy of the plan
 *       ({@code JobGraph.rescaled}, which the first deployment after a rescale does) and copies every
 *       operator's function as each subtask gets its own copy (loading the user's classes).</li>
 *   <li>{@link #forRestore}, on a thread of its own that nothing waits for, when the job can restore
 *       at all ({@link #mayRestore}): reads the staged plan
 *       from the application's staging directory, which takes the cluster file system's client
 *       through the block-reading code a restore reads checkpoint files with (0.1 to 1.3 s in a
 *       fresh JVM on MiniYARN). A rescale's own checkpoint, taken once this TaskManager registered,
 *       usually lasts longer than that.</li>
 * </ul>
 */
final class DeployWarmUp {
  private static final Logger LOG = LoggerFactory.getLogger(DeployWarmUp.class);

  private DeployWarmUp() {}

  /** Warms up for deploying {@code plan}'s tasks: what the first deployment does with the plan itself. */
  static void forDeployment(JobGraph plan, ClassLoader loader) {
    long rescaledMillis = timed(() -> {
      JobVertex first = plan.vertices().get(0);
      plan.rescaled(Map.of(first.id(), first.parallelism()), loader);
    }, "derive a rescaled copy of the plan");
    int[] functions = {0};
    long functionsMillis = timed(() -> {
      for (JobVertex v : plan.vertices()) {
        for (StreamNode node : v.operators()) {
          SpecCopier.copy(node.spec(), node.name(), loader);
          functions[0]++;
        }
      }
    }, "copy the operators' functions");
    LOG.info("Warmed up for the first deployment of job '{}': rescaled plan {} ms, {} functions copied {} ms",
        plan.jobName(), rescaledMillis, functions[0], functionsMillis);
  }

  /**
   * Whether a deployment of this job can ever restore state from files: only with periodic
   * checkpoints (a restart, a rescale in place, a new ApplicationMaster attempt; a rescale is refused
   * without them) or a savepoint to start from. Otherwise {@link #forRestore} would only take CPU
   * from the first deployment, which it overlaps: with two TaskManagers starting at once on two
   * cores, their two warm-ups (~1,300 HDFS client classes each) ran while their tasks opened.
   */
  static boolean mayRestore(Configuration conf) {
    String savepoint = conf.get(CheckpointOptions.SAVEPOINT_PATH);
    return CheckpointOptions.enabledIn(conf) || (savepoint != null && !savepoint.isBlank());
  }

  /** Starts reading the staged plan back from {@code stagingDir} on a daemon thread; nothing if it is blank. */
  static void forRestore(String stagingDir) {
    if (stagingDir == null || stagingDir.isBlank()) {
      return;
    }
    Thread reader = new Thread(() -> {
      long[] bytes = {0};
      long readMillis = timed(() -> {
        Path file = new Path(stagingDir, io.weft.core.plan.PlanFile.NAME);
        FileSystem fs = file.getFileSystem(new org.apache.hadoop.conf.Configuration());
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = fs.open(file)) {
          for (int n; (n = in.read(buffer)) > 0; ) {
            bytes[0] += n;
          }
        }
      }, "read the staged plan from " + stagingDir);
      LOG.info("Warmed up the file system client for restores: {} bytes read from {} in {} ms", bytes[0], stagingDir,
          readMillis);
    }, "weft-warm-up");
    reader.setDaemon(true);
    reader.start();
  }

  private interface Step {
    void run() throws Exception;
  }

  private static long timed(Step step, String what) {
    long t0 = System.nanoTime();
    try {
      step.run();
    } catch (Exception | LinkageError e) {
      LOG.info("Warm-up step skipped: cannot {}: {}", what, e.toString());
    }
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
