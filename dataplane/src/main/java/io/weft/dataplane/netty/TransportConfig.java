package io.weft.dataplane.netty;

import io.weft.dataplane.memory.MemorySegment;
import io.weft.core.security.TlsContext;
import java.time.Duration;

/**
 * The settings of one TaskManager's transport.
 *
 * @param name names the netty threads and log lines (for example the TaskManager id)
 * @param bindHost the address the server listens on
 * @param port the server's port, 0 for an ephemeral one
 * @param secret the application's shared secret; peers without it are refused
 * @param segmentSize bytes per network buffer; must be the same on every TaskManager
 * @param eventLoopThreads netty threads shared by the server and all client connections
 * @param connectTimeout how long to wait for a connection to be established and authenticated
 * @param authTimeout how long an accepted connection may take to authenticate
 * @param partitionRequestTimeout how long a request for a partition not (yet) produced here waits
 *     for its producer to be deployed before it is refused
 * @param tls mutual TLS for every connection, accepted or opened, with the secret's handshake inside
 *     it; null for plaintext
 */
public record TransportConfig(String name, String bindHost, int port, byte[] secret, int segmentSize,
    int eventLoopThreads, Duration connectTimeout, Duration authTimeout, Duration partitionRequestTimeout,
    TlsContext tls) {

  /** Secrets shorter than this are too easy to guess to keep other applications' tasks out. */
  public static final int MIN_SECRET_BYTES = 16;

  public TransportConfig {
    if (secret == null || secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("the transport secret must have at least " + MIN_SECRET_BYTES + " bytes");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("bad transport port " + port);
    }
    if (segmentSize < 64 || eventLoopThreads < 1) {
      throw new IllegalArgumentException("bad segment size " + segmentSize + " or thread count " + eventLoopThreads);
    }
    secret = secret.clone();
  }

  public TransportConfig(String name, String bindHost, int port, byte[] secret, int segmentSize,
      int eventLoopThreads, Duration connectTimeout, Duration authTimeout, Duration partitionRequestTimeout) {
    this(name, bindHost, port, secret, segmentSize, eventLoopThreads, connectTimeout, authTimeout,
        partitionRequestTimeout, null);
  }

  public TransportConfig withTls(TlsContext context) {
    return new TransportConfig(name, bindHost, port, secret, segmentSize, eventLoopThreads, connectTimeout,
        authTimeout, partitionRequestTimeout, context);
  }

  /** Defaults: 32 KiB segments, one netty thread, 10 s timeouts, 30 s for partition requests. */
  public static TransportConfig of(String name, String bindHost, int port, byte[] secret) {
    return new TransportConfig(name, bindHost, port, secret, MemorySegment.DEFAULT_SIZE, 1,
        Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30));
  }

  public TransportConfig withSegmentSize(int bytes) {
    return new TransportConfig(name, bindHost, port, secret, bytes, eventLoopThreads, connectTimeout, authTimeout,
        partitionRequestTimeout, tls);
  }

  public TransportConfig withEventLoopThreads(int threads) {
    return new TransportConfig(name, bindHost, port, secret, segmentSize, threads, connectTimeout, authTimeout,
        partitionRequestTimeout, tls);
  }

  public TransportConfig withTimeouts(Duration connect, Duration auth) {
    return new TransportConfig(name, bindHost, port, secret, segmentSize, eventLoopThreads, connect, auth,
        partitionRequestTimeout, tls);
  }

  public TransportConfig withPartitionRequestTimeout(Duration timeout) {
    return new TransportConfig(name, bindHost, port, secret, segmentSize, eventLoopThreads, connectTimeout,
        authTimeout, timeout, tls);
  }

  @Override
  public byte[] secret() {
    return secret.clone();
  }

  @Override
  public String toString() {
    return "TransportConfig[" + name + " " + bindHost + ":" + port + ", segments " + segmentSize + " B, "
        + eventLoopThreads + " threads" + (tls != null ? ", TLS" : "") + "]";
  }
}
