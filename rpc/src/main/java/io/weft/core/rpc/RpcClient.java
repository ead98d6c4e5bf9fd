package io.weft.core.rpc;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens connections to RPC servers (the TaskManager's side), all delivering to one handler.
 * Created by {@link RpcService#newClient}.
 */
public final class RpcClient implements AutoCloseable {
  private final RpcService service;
  private final RpcHandler handler;
  private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
  private final Set<RpcConnection> connections = ConcurrentHashMap.newKeySet();

  RpcClient(RpcService service, RpcHandler handler) {
    this.service = service;
    this.handler = handler;
  }

  /**
   * Connects and authenticates. The future completes once the server has proven that it knows the
   * application's secret; it fails with an {@link RpcAuthenticationException} when either side
   * does not, and with an {@link RpcException} when the server cannot be reached or does not
   * finish the handshake in time.
   */
  public CompletableFuture<RpcConnection> connect(String host, int port) {
    String target = host + ":" + port;
    CompletableFuture<RpcConnection> result = new CompletableFuture<>();
    Bootstrap bootstrap = new Bootstrap()
        .group(service.eventLoops())
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) service.settings().authTimeout().toMillis())
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            channels.add(ch);
            ch.closeFuture().addListener(f -> channels.remove(ch));
            FrameDecoder frames = new FrameDecoder(Handshake.MAX_FRAME_BYTES);
            service.addTls(ch, false);
            ch.pipeline()
                .addLast("frames", frames)
                .addLast("handshake", new ClientHandshakeHandler(service.secret(), service.settings(), frames,
                    target, result, c -> authenticated(c, target)));
          }
        });
    ChannelFuture connecting;
    try {
      connecting = bootstrap.connect(host, port);
    } catch (RuntimeException e) {
      // The event loops are shutting down.
      result.completeExceptionally(new RpcException("cannot connect to " + target + ": " + e.getMessage(), e));
      return result;
    }
    connecting.addListener(f -> {
      if (!f.isSuccess()) {
        result.completeExceptionally(
            new RpcException("cannot connect to " + target + ": " + f.cause().getMessage(), f.cause()));
      }
    });
    return result;
  }

  private RpcConnection authenticated(Channel ch, String target) {
    RpcConnection connection = new RpcConnection(ch, handler, service.settings(), target, connections::remove);
    connections.add(connection);
    return connection;
  }

  /** Closes every connection of this client; their onClosed callbacks have run when this returns. */
  @Override
  public void close() {
    List<RpcConnection> open = List.copyOf(connections);
    for (RpcConnection c : open) {
      c.close();
    }
    for (Channel ch : channels) {
      ch.close(); // the ones still connecting or in the handshake
    }
    service.awaitClosed(open);
    service.forget(this);
  }
}
