package io.weft.core.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.weft.core.auth.MutualAuth;
import io.weft.core.auth.MutualAuth.HandshakeException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's side of the {@link MutualAuth} handshake, its messages in RPC frames. It completes the connect future only once the server has
 * proven that it knows the secret, and then replaces itself with a {@link ConnectionHandler}.
 */
final class ClientHandshakeHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ClientHandshakeHandler.class);

  private final RpcSettings settings;
  private final FrameDecoder frames;
  private final String target;
  private final CompletableFuture<RpcConnection> result;
  private final Function<Channel, RpcConnection> onAuthenticated;
  private final MutualAuth auth;
  private boolean answered;
  private ScheduledFuture<?> timeout;

  ClientHandshakeHandler(RpcSecret secret, RpcSettings settings, FrameDecoder frames, String target,
      CompletableFuture<RpcConnection> result, Function<Channel, RpcConnection> onAuthenticated) {
    this.settings = settings;
    this.frames = frames;
    this.target = target;
    this.result = result;
    this.onAuthenticated = onAuthenticated;
    this.auth = MutualAuth.of(secret::hmac, Handshake.PROTOCOL);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    long millis = settings.authTimeout().toMillis();
    timeout = ctx.executor().schedule(
        () -> fail(ctx, new RpcException("the server at " + target + " did not complete authentication within "
            + millis + " ms")), millis, TimeUnit.MILLISECONDS);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf frame = (ByteBuf) msg;
    try {
      if (result.isDone()) {
        return;
      }
      if (!answered) {
        answerHello(ctx, frame);
      } else {
        checkResult(ctx, frame);
      }
    } finally {
      frame.release();
    }
  }

  private void answerHello(ChannelHandlerContext ctx, ByteBuf frame) {
    byte[] response;
    try {
      response = auth.respond(Handshake.read(frame));
    } catch (HandshakeException e) {
      fail(ctx, new RpcProtocolException("the peer at " + target
          + " is not a Weft RPC server (or speaks another version of the protocol)"));
      return;
    }
    answered = true;
    ctx.writeAndFlush(Handshake.frame(ctx.alloc(), response));
  }

  private void checkResult(ChannelHandlerContext ctx, ByteBuf frame) {
    try {
      auth.verifyResult(Handshake.read(frame));
    } catch (HandshakeException e) {
      fail(ctx, switch (e.kind()) {
        case REJECTED -> new RpcAuthenticationException("authentication with " + target + " failed: the server"
            + " does not know this application's secret (it rejected our proof; the two processes were given"
            + " different secrets)");
        case WRONG_PROOF -> new RpcAuthenticationException("authentication with " + target + " failed: the server"
            + " does not know this application's secret (its proof is wrong)");
        case MALFORMED -> new RpcProtocolException("the peer at " + target + " sent a malformed handshake result");
      });
      return;
    }
    timeout.cancel(false);
    frames.authenticated(settings.maxFrameBytes());
    RpcConnection connection = onAuthenticated.apply(ctx.channel());
    ctx.pipeline().replace(this, "rpc", new ConnectionHandler(connection));
    LOG.debug("authenticated RPC connection to {}", connection);
    result.complete(connection);
  }

  private void fail(ChannelHandlerContext ctx, RpcException e) {
    if (timeout != null) {
      timeout.cancel(false);
    }
    if (result.completeExceptionally(e)) {
      LOG.warn("RPC connection to {} failed: {}", target, e.getMessage());
    }
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    fail(ctx, new RpcException("the connection to " + target + " closed during authentication"));
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (c instanceof javax.net.ssl.SSLException) {
      fail(ctx, new RpcAuthenticationException("TLS with " + target + " failed (is security.ssl.internal.enabled the"
          + " same on both sides, with the same certificate?): " + c.getMessage()));
    } else if (c instanceof RpcProtocolException) {
      fail(ctx, new RpcProtocolException("the peer at " + target + " is not a Weft RPC server: " + c.getMessage(), c));
    } else {
      fail(ctx, new RpcException("the connection to " + target + " failed during authentication: " + c.getMessage(), c));
    }
  }
}
