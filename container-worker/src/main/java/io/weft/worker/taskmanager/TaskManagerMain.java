package io.weft.worker.taskmanager;

import io.weft.core.config.Configuration;
import io.weft.core.rpc.RpcSecret;
import io.weft.core.rpc.RpcService;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TaskManager process in a YARN container, started by the ApplicationMaster.
 *
 * <p>Reads from its environment: {@code WEFT_APP_SECRET} (the RPC secret), {@code
 * WEFT_JOBMANAGER_ADDRESS} (host:port of the JobManager's RPC server), {@code WEFT_TASKMANAGER_ID},
 * YARN's {@code CONTAINER_ID} and {@code NM_HOST}; and {@code weft-conf.yaml} from the working
 * directory (localized from the staging directory). Then {@link TaskExecutor} registers and runs
 * the tasks it is sent. The process exits with 0 after Shutdown or when the JobManager connection
 * closes (tasks still running are canceled first, for at most {@value #CLOSE_TIMEOUT_MILLIS} ms),
 * and with 1 when it cannot start or register.
 */
public final class TaskManagerMain {
  private static final Logger LOG = LoggerFactory.getLogger(TaskManagerMain.class);
  public static final String ENV_JOBMANAGER_ADDRESS = "WEFT_JOBMANAGER_ADDRESS";
  public static final String ENV_TASKMANAGER_ID = "WEFT_TASKMANAGER_ID";
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
    RpcSecret secret = RpcSecret.fromEnvironment(env);
    String jmAddress = require(env, ENV_JOBMANAGER_ADDRESS);
    String id = require(env, ENV_TASKMANAGER_ID);
    String containerId = env.getOrDefault("CONTAINER_ID", "unknown");
    String host = env.get("NM_HOST") != null ? env.get("NM_HOST") : InetAddress.getLocalHost().getHostName();
    Configuration conf = Configuration.fromYamlFile(Path.of("weft-conf.yaml"));
    int colon = jmAddress.lastIndexOf(':');
    String jmHost = jmAddress.substring(0, colon);
    int jmPort = Integer.parseInt(jmAddress.substring(colon + 1));
    LOG.info("TaskManager {} starting in container {} on {}; JobManager at {}", id, containerId, host, jmAddress);
    try (RpcService rpc = new RpcService(secret)) {
      TaskExecutor executor = new TaskExecutor(id, host, containerId, conf, secret);
      try {
        executor.register(rpc, jmHost, jmPort);
        String reason = executor.awaitTermination();
        LOG.info("TaskManager {} stopping: {}", id, reason);
      } finally {
        closeWithin(executor, CLOSE_TIMEOUT_MILLIS);
      }
    }
    LOG.info("TaskManager {} stopped", id);
    return 0;
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
