package io.weft.launcher.yarn;

import io.weft.core.rpc.RpcClient;
import io.weft.core.rpc.RpcConnection;
import io.weft.core.rpc.RpcHandler;
import io.weft.core.rpc.RpcMessage;
import io.weft.core.rpc.RpcSecret;
import io.weft.core.rpc.RpcService;
import io.weft.core.rpc.RpcSettings;
import io.weft.core.security.TlsContext;
import io.weft.core.rpc.SavepointCompleted;
import io.weft.core.rpc.TriggerSavepoint;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Asks a running application's JobManager for something, over its RPC port (the one it registered
 * with the ResourceManager), authenticated with the application's secret like a TaskManager.
 */
final class JobManagerClient implements AutoCloseable {
  /** A savepoint takes as long as the job's state takes to upload; the JobManager gives up at its checkpoint timeout. */
  private static final Duration SAVEPOINT_WAIT = Duration.ofHours(1);

  private final RpcService service;
  private final RpcClient client;
  private final RpcConnection connection;

  /** With {@code tls} (null: plaintext) the application's internal TLS, presenting its certificate like a TaskManager. */
  JobManagerClient(String host, int port, RpcSecret secret, TlsContext tls) throws Exception {
    service = new RpcService(secret, RpcSettings.defaults(), tls);
    try {
      client = service.newClient(new RpcHandler() {
        @Override
        public void onMessage(RpcConnection connection, RpcMessage message) {
          // The JobManager sends a client nothing unasked.
        }

        @Override
        public void onClosed(RpcConnection connection, Throwable cause) {
          // An ask still waiting fails on its own.
        }
      });
      connection = client.connect(host, port).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      service.close();
      throw e;
    }
  }

  /** Takes a savepoint (and stops the job with {@code stop}, draining it first with {@code drain}); returns its directory. */
  String savepoint(String targetDirectory, boolean stop, boolean drain) throws Exception {
    RpcMessage answer;
    try {
      answer = connection.ask(new TriggerSavepoint(targetDirectory == null ? "" : targetDirectory, stop, drain),
          SAVEPOINT_WAIT).get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
    if (answer instanceof SavepointCompleted done) {
      return done.path();
    }
    throw new IllegalStateException("the JobManager answered " + answer + " to a savepoint request");
  }

  /** Rescales the running job in place; returns the JobManager's summary (what changed, the pause). */
  String rescale(int parallelism, java.util.Map<String, Integer> vertices) throws Exception {
    RpcMessage answer;
    try {
      answer = connection.ask(new io.weft.core.rpc.TriggerRescale(parallelism, vertices), SAVEPOINT_WAIT).get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
    if (answer instanceof io.weft.core.rpc.RescaleCompleted done) {
      return done.summary();
    }
    throw new IllegalStateException("the JobManager answered " + answer + " to a rescale request");
  }

  @Override
  public void close() {
    try {
      client.close();
    } finally {
      service.close();
    }
  }
}
