package io.weft.dataplane.netty;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.weft.dataplane.memory.LocalBufferPool;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data transport of one TaskManager: a server that serves its {@link PartitionRegistry} to
 * other TaskManagers, a connection manager that reads their partitions, and the small event loop
 * group both share. Closing it closes every connection and stops every netty thread.
 */
public final class NettyTransport implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NettyTransport.class);
  /** Every netty thread of the transport has a name starting with this. */
  public static final String THREAD_PREFIX = "weft-netty-";
  /** Native epoll where netty's library loads (Linux x86_64), else NIO; {@code -Dweft.transport.nio=true} forces NIO. */
  static final boolean EPOLL = Epoll.isAvailable() && !Boolean.getBoolean("weft.transport.nio");

  static {
    // Netty's leak detector samples buffers and records a stack trace for each sampled one, which
    // showed as several percent of the transport's CPU. Frames are released in one place each
    // (the handlers' finally blocks); the tests turn the detector to paranoid to keep that honest.
    if (System.getProperty("io.netty.leakDetection.level") == null
        && System.getProperty("io.netty.leakDetectionLevel") == null) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
  }

  private final TransportConfig config;
  private final EventLoopGroup group;
  private final TransportServer server;
  private final ConnectionManager connections;

  private NettyTransport(TransportConfig config, PartitionRegistry registry) throws IOException {
    this.config = config;
    DefaultThreadFactory threads = new DefaultThreadFactory(THREAD_PREFIX + config.name(), true);
    this.group = EPOLL
        ? new EpollEventLoopGroup(config.eventLoopThreads(), threads)
        : new NioEventLoopGroup(config.eventLoopThreads(), threads);
    try {
      this.server = new TransportServer(group, config, registry);
    } catch (IOException | RuntimeException e) {
      shutdownGroup();
      throw e;
    }
    this.connections = new ConnectionManager(group, config);
  }

  public static NettyTransport start(TransportConfig config, PartitionRegistry registry) throws IOException {
    return new NettyTransport(config, registry);
  }

  /** Where other TaskManagers reach this one's partitions. */
  public InetSocketAddress address() {
    return server.address();
  }

  /**
   * Opens a channel reading {@code subpartition} of {@code partitionId} at the TaskManager at
   * {@code producer}, with buffers from {@code pool}'s channel {@code poolChannel}. Connects and
   * authenticates first if this is the first channel to that TaskManager.
   */
  public ConsumerChannel requestPartition(InetSocketAddress producer, String partitionId, int subpartition,
      LocalBufferPool pool, int poolChannel) throws IOException, InterruptedException {
    return connections.requestPartition(producer, partitionId, subpartition, pool, poolChannel);
  }

  /** Connections this TaskManager opened to others. */
  public int clientConnections() {
    return connections.openConnections();
  }

  /** Connections other TaskManagers opened to this one and that are still open. */
  public int serverConnections() {
    return server.openConnections();
  }

  /** Connections ever accepted by the server. */
  public int acceptedConnections() {
    return server.acceptedConnections();
  }

  @Override
  public void close() {
    connections.close();
    server.close();
    shutdownGroup();
    LOG.info("{}: transport closed", config.name());
  }

  private void shutdownGroup() {
    if (!group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS)) {
      LOG.warn("{}: netty threads did not stop within 10 s", config.name());
    }
  }

  /**
   * How much a connection buffers for the socket before its channels wait their turn: a few
   * segments keep the socket busy, and the rest stay in the per-channel queues, where the
   * round-robin keeps the channels fair.
   */
  static WriteBufferWaterMark waterMark(TransportConfig config) {
    return new WriteBufferWaterMark(4 * config.segmentSize(), 8 * config.segmentSize());
  }

  static Class<? extends ServerChannel> serverChannelType() {
    return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  static Class<? extends Channel> channelType() {
    return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  /** Reads of up to several segments at once: fewer system calls and pipeline passes per byte. */
  static RecvByteBufAllocator readSizes(TransportConfig config) {
    return new AdaptiveRecvByteBufAllocator(512, 16 * 1024, Math.max(64 * 1024, 8 * config.segmentSize()));
  }

  /** Puts TLS first in a new connection's pipeline when the transport has it (the secret's handshake then runs inside). */
  static void addTls(Channel ch, TransportConfig config, boolean server) {
    if (config.tls() != null) {
      SslHandler ssl = new SslHandler(server ? config.tls().serverEngine() : config.tls().clientEngine());
      ssl.setHandshakeTimeoutMillis(config.authTimeout().toMillis());
      ch.pipeline().addFirst("tls", ssl);
    }
  }
}
