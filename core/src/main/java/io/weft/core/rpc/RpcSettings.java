package io.weft.core.rpc;

import java.time.Duration;
import java.util.Objects;

/**
 * The tunables of an {@link RpcService}. The defaults suit both the JobManager and TaskManagers;
 * tests shorten the timeouts.
 *
 * @param askTimeout how long {@link RpcConnection#ask(RpcMessage)} waits for a reply
 * @param authTimeout how long either side waits for the other to complete the handshake
 * @param maxFrameBytes the largest frame accepted or sent after authentication
 * @param ioThreads the netty event-loop threads shared by every server and client of the service
 */
public record RpcSettings(Duration askTimeout, Duration authTimeout, int maxFrameBytes, int ioThreads) {
  public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

  public RpcSettings {
    Objects.requireNonNull(askTimeout, "askTimeout");
    Objects.requireNonNull(authTimeout, "authTimeout");
    if (askTimeout.isNegative() || askTimeout.isZero() || authTimeout.isNegative() || authTimeout.isZero()) {
      throw new IllegalArgumentException("RPC timeouts must be positive, got ask " + askTimeout
          + " and authentication " + authTimeout);
    }
    // The lower bound keeps every handshake frame and any ordinary control message within the limit.
    if (maxFrameBytes < 4096) {
      throw new IllegalArgumentException("maxFrameBytes must be at least 4096, got " + maxFrameBytes);
    }
    if (ioThreads < 1) {
      throw new IllegalArgumentException("ioThreads must be at least 1, got " + ioThreads);
    }
  }

  public static RpcSettings defaults() {
    int threads = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
    return new RpcSettings(Duration.ofSeconds(10), Duration.ofSeconds(10), DEFAULT_MAX_FRAME_BYTES, threads);
  }

  public RpcSettings withAskTimeout(Duration timeout) {
    return new RpcSettings(timeout, authTimeout, maxFrameBytes, ioThreads);
  }

  public RpcSettings withAuthTimeout(Duration timeout) {
    return new RpcSettings(askTimeout, timeout, maxFrameBytes, ioThreads);
  }

  public RpcSettings withMaxFrameBytes(int bytes) {
    return new RpcSettings(askTimeout, authTimeout, bytes, ioThreads);
  }

  public RpcSettings withIoThreads(int threads) {
    return new RpcSettings(askTimeout, authTimeout, maxFrameBytes, threads);
  }
}
