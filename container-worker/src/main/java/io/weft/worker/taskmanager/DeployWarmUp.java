package io.weft.worker.taskmanager;

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
 * (issue 26 measured 7 s of a 9 s pause there). Runs on the deployer thread right after the plan
 * was read, while the TaskManager registers; a deploy that comes meanwhile waits for it, and would
 * have done the same work. Everything here is best effort: a step that fails is logged and skipped,
 * and the deployment does it (and reports any failure) as it always did.
 *
 * <p>What it does: derives a rescaled copy of the plan ({@code JobGraph.rescaled}, which the first
 * deployment after a rescale does); copies every operator's function as each subtask gets its own
 * copy (loading and initialising the user's classes); and reads the staged plan from the
 * application's staging directory on the cluster's file system, which takes the client through
 * the same block-reading code a restore reads checkpoint files with.
 */
final class DeployWarmUp {
  private static final Logger LOG = LoggerFactory.getLogger(DeployWarmUp.class);

  private DeployWarmUp() {}

  /** Warms up for deploying {@code plan}'s tasks; {@code stagingDir} may be null (then nothing is read from it). */
  static void run(JobGraph plan, ClassLoader loader, String stagingDir) {
    long started = System.nanoTime();
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
    long[] bytes = {0};
    long readMillis = stagingDir == null || stagingDir.isBlank() ? 0 : timed(() -> {
      Path file = new Path(stagingDir, io.weft.core.plan.PlanFile.NAME);
      FileSystem fs = file.getFileSystem(new org.apache.hadoop.conf.Configuration());
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = fs.open(file)) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          bytes[0] += n;
        }
      }
    }, "read the staged plan from " + stagingDir);
    LOG.info("Warmed up for the first deployment of job '{}' in {} ms: rescaled plan {} ms, {} functions copied {} ms,"
        + " {} bytes read from the staging directory {} ms", plan.jobName(), (System.nanoTime() - started) / 1_000_000,
        rescaledMillis, functions[0], functionsMillis, bytes[0], readMillis);
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
