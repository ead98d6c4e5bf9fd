package io.weft.core.rpc;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts connections on host:port (the JobManager's side). Every accepted connection must pass
 * the handshake before its frames reach the handler. Created by {@link RpcService#startServer}.
 */
public final class RpcServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RpcServer.class);

  private final RpcService service;
  private final RpcHandler handler;
  private final Set<Channel> children = ConcurrentHashMap.newKeySet();
  private final Set<RpcConnection> connections = ConcurrentHashMap.newKeySet();
  private final Channel serverChannel;
  private final String address;

  RpcServer(RpcService service, String host, int port, RpcHandler handler) throws RpcException {
    this.service = service;
    this.handler = handler;
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(service.eventLoops())
        .channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            children.add(ch);
            ch.closeFuture().addListener(f -> children.remove(ch));
            FrameDecoder frames = new FrameDecoder(Handshake.MAX_FRAME_BYTES);
            service.addTls(ch, true);
            ch.pipeline()
                .addLast("frames", frames)
                .addLast("handshake", new ServerHandshakeHandler(
                    service.secret(), service.settings(), frames, RpcServer.this::authenticated));
          }
        });
    ChannelFuture bound = bootstrap.bind(host, port).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      throw new RpcException("cannot start the RPC server on " + host + ":" + port + ": "
          + bound.cause().getMessage(), bound.cause());
    }
    serverChannel = bound.channel();
    address = Handshake.describe(serverChannel.localAddress());
    LOG.info("RPC server listening on {}{}", address, service.tls() ? " (TLS)" : "");
  }

  private RpcConnection authenticated(Channel ch) {
    RpcConnection connection = new RpcConnection(ch, handler, service.settings(),
        Handshake.describe(ch.remoteAddress()), connections::remove);
    connections.add(connection);
    return connection;
  }

  /** The bound port, also when 0 asked for an ephemeral one. */
  public int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /** The bound "host:port". */
  public String address() {
    return address;
  }

  /** The authenticated connections currently open. */
  public List<RpcConnection> connections() {
    return List.copyOf(connections);
  }

  /**
   * Stops listening and closes every connection; their onClosed callbacks have run when this
   * returns (unless it is called from a handler callback, which must not wait).
   */
  @Override
  public void close() {
    serverChannel.close().awaitUninterruptibly();
    List<RpcConnection> open = List.copyOf(connections);
    for (RpcConnection c : open) {
      c.close();
    }
    for (Channel ch : children) {
      ch.close(); // the ones still in the handshake
    }
    service.awaitClosed(open);
    service.forget(this);
    LOG.info("RPC server on {} closed", address);
  }
}
