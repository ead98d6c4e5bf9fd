package io.weft.worker.taskmanager;

import io.weft.core.rpc.RpcSettings;
import io.weft.core.security.TlsMaterial;
import io.weft.core.container.ContainerContract;
import io.weft.core.config.Configuration;
import io.weft.core.rpc.RpcSecret;
import io.weft.core.rpc.RpcService;
import java.net.InetAddress;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.ha.HighAvailabilityOptions;
import io.weft.core.ha.JobManagerAddressFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TaskManager process in a YARN container, started by the ApplicationMaster.
 *
 * <p>Reads the application secret from its credentials (the launch context's tokens); from its
 * environment {@code
 * WEFT_JOBMANAGER_ADDRESS} (host:port of the JobManager's RPC server), {@code WEFT_TASKMANAGER_ID},
 * YARN's {@code CONTAINER_ID} and {@code NM_HOST}; and {@code weft-conf.yaml} from the working
 * directory (localized from the staging directory). Then {@link TaskExecutor} registers and runs
 * the tasks it is sent. When the JobManager connection closes without a Shutdown (the
 * ApplicationMaster died; YARN keeps this container for its next attempt) it cancels its tasks,
 * waits up to {@code yarn.taskmanager.reconnect-timeout} for a newer attempt's address in the
 * staging directory ({@link JobManagerAddressFile}) and registers there, authenticated with the
 * same application secret. The process exits with 0 after Shutdown or when no new attempt comes
 * (tasks still running are canceled first, for at most {@value #CLOSE_TIMEOUT_MILLIS} ms), and
 * with 1 when it cannot start or register.
 */
public final class TaskManagerMain {
  private static final Logger LOG = LoggerFactory.getLogger(TaskManagerMain.class);
  static final long CLOSE_TIMEOUT_MILLIS = 20_000;

  private TaskManagerMain() {}

  public static void main(String[] args) {
    int code;
    try {
      code = run(System.getenv());
    } catch (Throwable t) {
      LOG.error("TaskManager failed", t);
      code = 1;
    }
    LogManagerShim.flush();
    Runtime.getRuntime().halt(code);
  }

  static int run(Map<String, String> env) throws Exception {
    // Not through UserGroupInformation: nothing before registering needs its login (see the method).
    RpcSecret secret = RpcSecret.fromContainerTokenFile(env);
    String jmAddress = require(env, ContainerContract.ENV_JOBMANAGER_ADDRESS);
    String id = require(env, ContainerContract.ENV_TASKMANAGER_ID);
    IntConsumer halt = code -> {
      LogManagerShim.flush();
      Runtime.getRuntime().halt(code);
    };
    Thread.setDefaultUncaughtExceptionHandler(new FatalErrors(id, halt));
    String containerId = env.getOrDefault("CONTAINER_ID", "unknown");
    String host = env.get("NM_HOST") != null ? env.get("NM_HOST") : InetAddress.getLocalHost().getHostName();
    Configuration conf = Configuration.fromYamlFile(Path.of(ContainerContract.CONF_FILE));
    int colon = jmAddress.lastIndexOf(':');
    String jmHost = jmAddress.substring(0, colon);
    int jmPort = Integer.parseInt(jmAddress.substring(colon + 1));
    LOG.info("TaskManager {} starting in container {} on {}; JobManager at {}", id, containerId, host, jmAddress);
    // The application's staging directory, where each ApplicationMaster attempt writes its address.
    String stagingDir = env.get(ContainerContract.ENV_STAGING_DIR);
    Duration reconnectTimeout = conf.get(HighAvailabilityOptions.RECONNECT_TIMEOUT);
    warmUpCheckpointStorage(conf);
    // Internal TLS (security.ssl.internal.enabled) from the keystores the launcher staged into the working directory.
    try (RpcService rpc = new RpcService(secret, RpcSettings.defaults(),
        TlsMaterial.internal(conf, secret, TlsMaterial.workingDirectory()))) {
      TaskExecutor executor = new TaskExecutor(id, host, containerId, conf, secret, halt);
      try {
        int jmAttempt = executor.register(rpc, jmHost, jmPort);
        while (true) {
          TaskExecutor.Disconnect disconnect = executor.awaitDisconnect();
          if (disconnect.shutdown() || stagingDir == null) {
            LOG.info("TaskManager {} stopping: {}", id, disconnect.reason());
            break;
          }
          LOG.warn("TaskManager {} lost the JobManager of application attempt {}; canceling its tasks and waiting"
              + " up to {} s for the next attempt", id, jmAttempt, reconnectTimeout.toSeconds());
          executor.cancelAllTasks();
          org.apache.hadoop.fs.Path staging = new org.apache.hadoop.fs.Path(stagingDir);
          JobManagerAddressFile.Location next = JobManagerAddressFile.awaitNewer(
              staging.getFileSystem(new org.apache.hadoop.conf.Configuration()), staging, jmAttempt, reconnectTimeout);
          if (next == null) {
            LOG.info("TaskManager {} stopping: no ApplicationMaster attempt after {} announced itself within {} s", id,
                jmAttempt, reconnectTimeout.toSeconds());
            break;
          }
          LOG.info("TaskManager {} registering with the JobManager of application attempt {} at {}", id,
              next.attempt(), next.address());
          jmAttempt = executor.register(rpc, next.host(), next.port());
        }
      } finally {
        closeWithin(executor, CLOSE_TIMEOUT_MILLIS);
      }
    }
    LOG.info("TaskManager {} stopped", id);
    return 0;
  }

  /**
   * Opens the checkpoint directory's FileSystem on a background thread: the first use of an HDFS
   * client in a JVM takes seconds (classes, configuration, connection), and a restore after a
   * failure should not wait for that.
   */
  private static void warmUpCheckpointStorage(Configuration conf) {
    String dir = conf.get(CheckpointOptions.DIRECTORY);
    if (dir == null || dir.isBlank() || !CheckpointOptions.enabledIn(conf)) {
      return;
    }
    Thread t = new Thread(() -> {
      try {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(dir.trim());
        path.getFileSystem(new org.apache.hadoop.conf.Configuration()).exists(path);
      } catch (Exception | LinkageError e) {
        LOG.debug("Cannot open the checkpoint directory {} ahead of time: {}", dir, e.toString());
      }
    }, "weft-checkpoint-storage-warm-up");
    t.setDaemon(true);
    t.start();
  }

  /** Cancels the tasks; a task that ignores cancellation must not keep the container alive. */
  private static void closeWithin(TaskExecutor executor, long millis) throws InterruptedException {
    Thread closer = new Thread(executor::close, "weft-tm-close");
    closer.setDaemon(true);
    closer.start();
    closer.join(millis);
    if (closer.isAlive()) {
      LOG.warn("Tasks did not stop within {} ms; exiting anyway", millis);
    }
  }

  private static String require(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set: TaskManagerMain is started by the Weft ApplicationMaster");
    }
    return value;
  }

  /** Flushes log4j's appenders before halt(), which skips shutdown hooks. */
  private static final class LogManagerShim {
    static void flush() {
      try {
        Class<?> lm = Class.forName("org.apache.log4j.LogManager");
        lm.getMethod("shutdown").invoke(null);
      } catch (ReflectiveOperationException | LinkageError e) {
        // No log4j: nothing buffered to flush.
      }
    }
  }
}
