package io.weft.core.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import io.weft.core.auth.MutualAuth;
import io.weft.core.auth.MutualAuth.HandshakeException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's side of the {@link MutualAuth} handshake, its messages in RPC frames. Until it succeeds nothing from the peer goes further than
 * this handler; on success it replaces itself with the connection's {@link ConnectionHandler}.
 */
final class ServerHandshakeHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ServerHandshakeHandler.class);

  private final RpcSecret secret;
  private final RpcSettings settings;
  private final FrameDecoder frames;
  private final Function<Channel, RpcConnection> onAuthenticated;
  private MutualAuth auth;
  private ScheduledFuture<?> timeout;
  private boolean started;
  private boolean finished;

  ServerHandshakeHandler(RpcSecret secret, RpcSettings settings, FrameDecoder frames,
      Function<Channel, RpcConnection> onAuthenticated) {
    this.secret = secret;
    this.settings = settings;
    this.frames = frames;
    this.onAuthenticated = onAuthenticated;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      start(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    start(ctx);
    ctx.fireChannelActive();
  }

  private void start(ChannelHandlerContext ctx) {
    if (started) {
      return;
    }
    started = true;
    auth = MutualAuth.of(secret::hmac, Handshake.PROTOCOL);
    ctx.writeAndFlush(Handshake.frame(ctx.alloc(), auth.hello()));
    long millis = settings.authTimeout().toMillis();
    timeout = ctx.executor().schedule(
        () -> reject(ctx, "it did not authenticate within " + millis + " ms", false), millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf frame = (ByteBuf) msg;
    try {
      if (finished) {
        return; // a rejected peer's further bytes, while the channel closes
      }
      byte[] result;
      try {
        result = auth.acceptResponse(Handshake.read(frame));
      } catch (HandshakeException e) {
        boolean wrongProof = e.kind() == HandshakeException.Kind.WRONG_PROOF;
        reject(ctx, wrongProof ? "its proof does not match this application's secret"
            : "it does not speak the Weft RPC handshake (or another version of it)", wrongProof);
        return;
      }
      accept(ctx, result);
    } finally {
      frame.release();
    }
  }

  private void accept(ChannelHandlerContext ctx, byte[] result) {
    finish();
    ctx.writeAndFlush(Handshake.frame(ctx.alloc(), result));
    frames.authenticated(settings.maxFrameBytes());
    RpcConnection connection = onAuthenticated.apply(ctx.channel());
    // Frames that arrived with the handshake are handed to the new handler by the decoder.
    ctx.pipeline().replace(this, "rpc", new ConnectionHandler(connection));
    LOG.debug("authenticated RPC connection from {}", connection);
  }

  private void reject(ChannelHandlerContext ctx, String reason, boolean tellPeer) {
    if (finished) {
      return;
    }
    finish();
    LOG.warn("rejected RPC connection from {}: {}", Handshake.describe(ctx.channel().remoteAddress()), reason);
    if (tellPeer) {
      ctx.writeAndFlush(Handshake.frame(ctx.alloc(), MutualAuth.rejection())).addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.close();
    }
  }

  private void finish() {
    finished = true;
    if (timeout != null) {
      timeout.cancel(false);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!finished) {
      finish();
      LOG.info("RPC connection from {} closed before it authenticated",
          Handshake.describe(ctx.channel().remoteAddress()));
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (c instanceof javax.net.ssl.SSLException) { // NotSslRecordException (a plaintext peer) is one too
      reject(ctx, "TLS failed (a plaintext peer, or a certificate this application does not trust): "
          + c.getMessage(), false);
    } else if (c instanceof RpcProtocolException) {
      reject(ctx, c.getMessage(), false);
    } else if (c instanceof IOException) {
      reject(ctx, "I/O error: " + c.getMessage(), false);
    } else {
      LOG.warn("unexpected error on unauthenticated RPC connection from {}; closing it",
          Handshake.describe(ctx.channel().remoteAddress()), c);
      finish();
      ctx.close();
    }
  }
}
