package io.weft.dataplane.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.resolver.NoopAddressResolverGroup;
import io.weft.dataplane.memory.LocalBufferPool;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of a TaskManager: one authenticated connection per remote TaskManager, shared by
 * all channels read from there. A connection that closes leaves the cache, so a later request
 * connects anew; the channels it carried have failed by then.
 */
final class ConnectionManager {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionManager.class);

  private final EventLoopGroup group;
  private final TransportConfig config;
  private final ConcurrentHashMap<InetSocketAddress, CompletableFuture<ClientHandler>> connections =
      new ConcurrentHashMap<>();
  private final Set<Channel> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  ConnectionManager(EventLoopGroup group, TransportConfig config) {
    this.group = group;
    this.config = config;
  }

  ConsumerChannel requestPartition(InetSocketAddress producer, String partitionId, int subpartition,
      LocalBufferPool pool, int poolChannel) throws IOException, InterruptedException {
    return connect(producer).open(partitionId, subpartition, pool, poolChannel);
  }

  private ClientHandler connect(InetSocketAddress address) throws IOException, InterruptedException {
    if (closed) {
      throw new IllegalStateException("the transport is closed");
    }
    if (address.isUnresolved()) {
      address = new InetSocketAddress(InetAddress.getByName(address.getHostString()), address.getPort());
    }
    CompletableFuture<ClientHandler> future = connections.computeIfAbsent(address, this::startConnect);
    long waitMillis = config.connectTimeout().toMillis() + config.authTimeout().toMillis();
    try {
      return future.get(waitMillis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      connections.remove(address, future);
      Throwable cause = e.getCause();
      throw cause instanceof TransportException te ? te
          : new TransportException(address, "cannot connect to " + Addresses.of(address) + ": " + cause, cause);
    } catch (TimeoutException e) {
      connections.remove(address, future);
      throw new TransportException(address, "no authenticated connection to " + Addresses.of(address) + " within "
          + waitMillis + " ms", null);
    }
  }

  private CompletableFuture<ClientHandler> startConnect(InetSocketAddress address) {
    ClientHandler handler = new ClientHandler(address);
    Bootstrap bootstrap = new Bootstrap()
        .group(group)
        .channel(NettyTransport.channelType())
        // Addresses are resolved by the caller (see connect), not by a blocking lookup on the event loop.
        .resolver(NoopAddressResolverGroup.INSTANCE)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, NettyTransport.waterMark(config))
        .option(ChannelOption.RCVBUF_ALLOCATOR, NettyTransport.readSizes(config))
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            NettyTransport.addTls(ch, config, false);
            ch.pipeline().addLast(
                new FrameDecoder(config.segmentSize()),
                new AuthHandler(false, config.secret(), config.authTimeout()),
                handler);
          }
        });
    bootstrap.connect(address).addListener(f -> {
      if (!f.isSuccess()) {
        LOG.warn("{}: cannot connect to {}: {}", config.name(), Addresses.of(address), f.cause().toString());
        handler.ready.completeExceptionally(
            new TransportException(address, "cannot connect to " + Addresses.of(address) + ": " + f.cause(), f.cause()));
        return;
      }
      Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
      LOG.info("{}: connected to {}", Addresses.of(ch.localAddress()), Addresses.of(address));
      open.add(ch);
      ch.closeFuture().addListener(c -> {
        open.remove(ch);
        connections.remove(address, handler.ready);
      });
      if (closed) {
        ch.close();
      }
    });
    return handler.ready;
  }

  int openConnections() {
    return open.size();
  }

  void close() {
    closed = true;
    for (Channel ch : open) {
      ch.close().awaitUninterruptibly();
    }
  }
}
