package io.weft.core.rpc;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslHandler;
import io.weft.core.security.TlsContext;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RPC endpoint of one process: the application secret, the settings, and the netty event loops
 * (threads named "weft-rpc-...") shared by all its servers and clients. {@link #close()} closes
 * them all and waits until those threads have ended.
 *
 * <pre>
 * try (RpcService rpc = new RpcService(RpcSecret.fromContainerCredentials())) {
 *   RpcServer server = rpc.startServer("0.0.0.0", 0, jobManagerHandler);          // JobManager
 *   RpcConnection jm = rpc.newClient(taskManagerHandler).connect(host, port).get(); // TaskManager
 *   jm.ask(new RegisterTaskManager(...)).get();
 * }
 * </pre>
 */
public final class RpcService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RpcService.class);
  private static final long CLOSE_WAIT_MILLIS = 10_000;

  private final RpcSecret secret;
  private final RpcSettings settings;
  private final TlsContext tls;
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final NioEventLoopGroup eventLoops;
  private final Set<RpcServer> servers = ConcurrentHashMap.newKeySet();
  private final Set<RpcClient> clients = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  public RpcService(RpcSecret secret) {
    this(secret, RpcSettings.defaults());
  }

  public RpcService(RpcSecret secret, RpcSettings settings) {
    this(secret, settings, null);
  }

  /**
   * With {@code tls} (null: none) every connection of this service, accepted or opened, is TLS
   * first (mutual when the context says so), and the secret's handshake runs inside it: a peer
   * speaking plaintext, or presenting a certificate the truststore does not hold, never reaches the
   * handshake.
   */
  public RpcService(RpcSecret secret, RpcSettings settings, TlsContext tls) {
    this.secret = Objects.requireNonNull(secret, "secret");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.tls = tls;
    ThreadFactory named = new DefaultThreadFactory("weft-rpc", true);
    // Remembered so that close() can wait for the threads themselves, not only for the loops.
    ThreadFactory tracked = r -> {
      Thread t = named.newThread(r);
      threads.add(t);
      return t;
    };
    this.eventLoops = new NioEventLoopGroup(settings.ioThreads(), tracked);
  }

  /** Binds a server to host:port (0 for an ephemeral port) and starts accepting connections. */
  public RpcServer startServer(String host, int port, RpcHandler handler) throws RpcException {
    checkOpen();
    RpcServer server = new RpcServer(this, host, port, Objects.requireNonNull(handler, "handler"));
    servers.add(server);
    return server;
  }

  /** A client whose connections all deliver to this handler. */
  public RpcClient newClient(RpcHandler handler) {
    checkOpen();
    RpcClient client = new RpcClient(this, Objects.requireNonNull(handler, "handler"));
    clients.add(client);
    return client;
  }

  public RpcSettings settings() {
    return settings;
  }

  /**
   * Closes every server, client and connection, then stops the event loops. Handlers see onClosed
   * with a null cause. Called from a handler callback it cannot wait for the threads, and says so.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (RpcServer s : List.copyOf(servers)) {
      s.close();
    }
    for (RpcClient c : List.copyOf(clients)) {
      c.close();
    }
    Future<?> terminated = eventLoops.shutdownGracefully(0, CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    if (inEventLoop()) {
      LOG.warn("RpcService.close() was called on an RPC thread; the RPC threads stop without being waited for");
      return;
    }
    terminated.awaitUninterruptibly(CLOSE_WAIT_MILLIS);
    try {
      for (Thread t : threads) {
        t.join(CLOSE_WAIT_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- for RpcServer and RpcClient ----

  RpcSecret secret() {
    return secret;
  }

  /** Puts TLS first in a new connection's pipeline when this service has it. */
  void addTls(Channel ch, boolean server) {
    if (tls != null) {
      SslHandler ssl = new SslHandler(server ? tls.serverEngine() : tls.clientEngine());
      ssl.setHandshakeTimeoutMillis(settings.authTimeout().toMillis());
      ch.pipeline().addFirst("tls", ssl);
    }
  }

  /** Whether connections are TLS. */
  public boolean tls() {
    return tls != null;
  }

  EventLoopGroup eventLoops() {
    return eventLoops;
  }

  boolean inEventLoop() {
    return threads.contains(Thread.currentThread());
  }

  /** Waits until the connections' onClosed callbacks have run, except on an event loop thread. */
  void awaitClosed(List<RpcConnection> connections) {
    if (inEventLoop()) {
      return;
    }
    for (RpcConnection c : connections) {
      try {
        c.closeFuture().get(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | TimeoutException e) {
        LOG.warn("RPC connection with {} did not finish closing: {}", c, e.toString());
      }
    }
  }

  void forget(Object serverOrClient) {
    servers.remove(serverOrClient);
    clients.remove(serverOrClient);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this RpcService is closed");
    }
  }
}
