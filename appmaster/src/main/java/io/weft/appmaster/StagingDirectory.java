package io.weft.appmaster;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's staging directory, as the ApplicationMaster deletes it: when the job ends, and
 * when the process is terminated before that on the application's last attempt.
 *
 * <p>A YARN kill ({@code yarn application -kill}, {@code weft cancel}, the AM container over its
 * memory) reaches the ApplicationMaster as SIGTERM to its process group, followed by SIGKILL
 * {@code yarn.nodemanager.sleep-delay-before-sigkill.ms} later (250 ms by default; 0 sends SIGKILL
 * at once). The shutdown hook therefore does nothing but one delete on a FileSystem that is
 * already open, and runs before Hadoop's own hook closes the cached FileSystems.
 *
 * <p>A SIGTERM does not say whether the application is over: YARN also sends it when it preempts
 * the ApplicationMaster or stops a NodeManager, and then starts another attempt, which needs the
 * staging directory. So the hook deletes only on the last attempt ({@code attempt id >=
 * yarn.application-attempts}; YARN never grants more than asked). Directories the hook leaves
 * behind, or that a SIGKILL left, are removed by the launcher's sweep ({@code weft run},
 * {@code weft list}).
 */
final class StagingDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(StagingDirectory.class);

  private final Path dir;
  private final FileSystem fs;
  private final ApplicationAttemptId attemptId;
  private final AtomicBoolean deleted = new AtomicBoolean();

  StagingDirectory(Configuration hadoopConf, String dir, ApplicationAttemptId attemptId) throws Exception {
    this.dir = new Path(dir);
    this.fs = this.dir.getFileSystem(hadoopConf);
    this.attemptId = attemptId;
  }

  /** Whether this attempt is the last YARN starts, given how many the launcher asked for (null: unknown, so no). */
  static boolean isLastAttempt(ApplicationAttemptId attemptId, Integer maxAttempts) {
    if (maxAttempts == null) {
      return false;
    }
    return attemptId.getAttemptId() >= maxAttempts;
  }

  /** On the last attempt, deletes the directory when the process ends without having deleted it. */
  void deleteOnTermination(boolean lastAttempt) {
    if (!lastAttempt) {
      LOG.info("[{}] Not the last attempt: a kill leaves the staging directory {} to the next attempt", attemptId,
          dir);
      return;
    }
    ShutdownHookManager.get().addShutdownHook(() -> {
      if (!deleted.get()) {
        long start = System.nanoTime();
        delete();
        LOG.info("[{}] Terminated on the last attempt; deleting the staging directory took {} ms", attemptId,
            (System.nanoTime() - start) / 1_000_000);
      }
    }, FileSystem.SHUTDOWN_HOOK_PRIORITY + 1);
  }

  /** Deletes the directory (once); a failure is logged, since the application's outcome does not depend on it. */
  void delete() {
    if (!deleted.compareAndSet(false, true)) {
      return;
    }
    try {
      fs.delete(dir, true);
      LOG.info("[{}] Deleted the staging directory {}", attemptId, dir);
    } catch (Exception e) {
      LOG.warn("[{}] Cannot delete the staging directory {}", attemptId, dir, e);
    }
  }
}
