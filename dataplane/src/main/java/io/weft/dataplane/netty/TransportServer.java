package io.weft.dataplane.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The TaskManager's listening socket: consumers elsewhere connect here to read its partitions. */
final class TransportServer {
  private static final Logger LOG = LoggerFactory.getLogger(TransportServer.class);

  private final Channel serverChannel;
  private final Set<Channel> accepted = ConcurrentHashMap.newKeySet();
  private final AtomicInteger acceptedTotal = new AtomicInteger();

  TransportServer(EventLoopGroup group, TransportConfig config, PartitionRegistry registry) throws IOException {
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(group)
        .channel(NettyTransport.serverChannelType())
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, NettyTransport.waterMark(config))
        .childOption(ChannelOption.RCVBUF_ALLOCATOR, NettyTransport.readSizes(config))
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            LOG.info("{}: accepted connection from {}", Addresses.of(ch.localAddress()), Addresses.of(ch.remoteAddress()));
            accepted.add(ch);
            acceptedTotal.incrementAndGet();
            ch.closeFuture().addListener(f -> accepted.remove(ch));
            NettyTransport.addTls(ch, config, true);
            ch.pipeline().addLast(
                new FrameDecoder(config.segmentSize()),
                new AuthHandler(true, config.secret(), config.authTimeout()),
                new ServerHandler(registry, config.partitionRequestTimeout().toMillis()));
          }
        });
    ChannelFuture bound = bootstrap.bind(config.bindHost(), config.port()).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      throw new IOException("cannot listen on " + config.bindHost() + ":" + config.port() + ": " + bound.cause(),
          bound.cause());
    }
    serverChannel = bound.channel();
    LOG.info("{}: transport server listening on {} ({}{})", config.name(),
        Addresses.of(serverChannel.localAddress()), NettyTransport.EPOLL ? "epoll" : "nio",
        config.tls() != null ? ", TLS" : "");
  }

  InetSocketAddress address() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  int openConnections() {
    return accepted.size();
  }

  int acceptedConnections() {
    return acceptedTotal.get();
  }

  void close() {
    serverChannel.close().awaitUninterruptibly();
    for (Channel ch : accepted) {
      ch.close().awaitUninterruptibly();
    }
  }
}
