package io.weft.dataplane.netty;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.weft.core.auth.MutualAuth;
import io.weft.core.auth.MutualAuth.HandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data plane's side of the {@link MutualAuth} handshake that every Weft port opens with,
 * first in line after the frame decoder. Until both sides have proven the secret, every frame
 * stops here; anything but the expected handshake frame closes the connection. On success the
 * handler removes itself and fires {@link #AUTHENTICATED}.
 *
 * <pre>
 *   client                                     server
 *                                 &lt;---  AUTH_CHALLENGE(hello: server nonce)
 *   AUTH_RESPONSE(client nonce, client proof) ---&gt;
 *                                              checks the client's proof
 *                                 &lt;---  AUTH_RESPONSE(accepted, server proof)
 *                                       or ERROR "authentication failed", and closes
 *   checks the server's proof, then sends requests
 * </pre>
 *
 * The side that connects proves itself first, to a nonce the server just chose, so an
 * unauthenticated caller never gets a proof from the server (no proof oracle).
 */
final class AuthHandler extends ChannelInboundHandlerAdapter {
  /** Fired down the pipeline once the peer has proven the secret. */
  static final Object AUTHENTICATED = "weft-authenticated";
  /** The protocol name in the handshake's proofs: a proof for the RPC does not count here. */
  static final String PROTOCOL = "dataplane";

  private static final Logger LOG = LoggerFactory.getLogger(AuthHandler.class);

  private final boolean server;
  private final MutualAuth auth;
  private final Duration timeout;
  /** The client has answered the server's hello. */
  private boolean responded;
  private boolean done;
  private ScheduledFuture<?> timer;

  AuthHandler(boolean server, byte[] secret, Duration timeout) {
    this.server = server;
    this.auth = MutualAuth.of(MutualAuth.hmacSha256(secret), PROTOCOL);
    this.timeout = timeout;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    timer = ctx.executor().schedule(
        () -> reject(ctx, "did not authenticate within " + timeout.toMillis() + " ms"),
        timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (server) {
      ctx.writeAndFlush(Frames.authChallenge(ctx.alloc(), auth.hello()));
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Frame frame = (Frame) msg;
    try {
      if (done) {
        return; // rejected already; the connection is closing
      }
      if (frame.type == FrameType.AUTH_CHALLENGE && !server && !responded) {
        responded = true;
        ctx.writeAndFlush(Frames.authResponse(ctx.alloc(), auth.respond(Frames.bytes(frame.body()))));
      } else if (frame.type == FrameType.AUTH_RESPONSE && server) {
        // Only for a peer that proved the secret does the server prove it in turn.
        byte[] result = auth.acceptResponse(Frames.bytes(frame.body()));
        ctx.writeAndFlush(Frames.authResponse(ctx.alloc(), result));
        succeed(ctx);
      } else if (frame.type == FrameType.AUTH_RESPONSE && responded) {
        auth.verifyResult(Frames.bytes(frame.body()));
        succeed(ctx);
      } else if (frame.type == FrameType.ERROR && !server) {
        frame.body().skipBytes(4);
        reject(ctx, "server refused: " + frame.body().toString(StandardCharsets.UTF_8));
      } else {
        reject(ctx, "sent " + frame.type + " before authenticating");
      }
    } catch (HandshakeException e) {
      reject(ctx, e.kind() == HandshakeException.Kind.MALFORMED
          ? "malformed handshake: " + e.getMessage() : "wrong authentication proof (different secret?)");
    } finally {
      frame.release();
    }
  }

  private void succeed(ChannelHandlerContext ctx) {
    done = true;
    timer.cancel(false);
    LOG.info("{}: authenticated connection {} {}", Addresses.of(ctx.channel().localAddress()), server ? "from" : "to",
        Addresses.of(ctx.channel().remoteAddress()));
    // Fire first, remove after: frames already decoded behind this one then go to the next handler.
    ctx.fireUserEventTriggered(AUTHENTICATED);
    ctx.pipeline().remove(this);
  }

  private void reject(ChannelHandlerContext ctx, String reason) {
    if (done) {
      return;
    }
    done = true;
    if (timer != null) {
      timer.cancel(false);
    }
    LOG.warn("{}: rejected connection {} {}: {}", Addresses.of(ctx.channel().localAddress()), server ? "from" : "to",
        Addresses.of(ctx.channel().remoteAddress()), reason);
    if (server) {
      // Deliberately vague: an unauthenticated peer learns nothing but the refusal.
      ctx.writeAndFlush(Frames.error(ctx.alloc(), Frames.CONNECTION, "authentication failed"))
          .addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.fireExceptionCaught(new TransportException(ctx.channel().remoteAddress(),
          "authentication with " + Addresses.of(ctx.channel().remoteAddress()) + " failed: " + reason, null));
      ctx.close();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable t = FrameDecoder.unwrap(cause);
    if (t instanceof javax.net.ssl.SSLException && !done) {
      // TLS failed (a plaintext peer, or a certificate not trusted): nothing can be written back.
      done = true;
      if (timer != null) {
        timer.cancel(false);
      }
      LOG.warn("{}: rejected connection {} {}: TLS failed: {}", Addresses.of(ctx.channel().localAddress()),
          server ? "from" : "to", Addresses.of(ctx.channel().remoteAddress()), t.getMessage());
      if (!server) {
        ctx.fireExceptionCaught(new TransportException(ctx.channel().remoteAddress(), "TLS with "
            + Addresses.of(ctx.channel().remoteAddress()) + " failed (is security.ssl.internal.enabled the same on"
            + " both sides, with the same certificate?): " + t.getMessage(), t));
      }
      ctx.close();
      return;
    }
    reject(ctx, t instanceof ProtocolException ? t.getMessage() : t.toString());
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!done) {
      done = true;
      timer.cancel(false);
      LOG.info("{}: connection {} {} closed before authenticating", Addresses.of(ctx.channel().localAddress()),
          server ? "from" : "to", Addresses.of(ctx.channel().remoteAddress()));
      if (!server) {
        ctx.fireExceptionCaught(new TransportException(ctx.channel().remoteAddress(),
            "connection to " + Addresses.of(ctx.channel().remoteAddress()) + " closed before authentication completed", null));
      }
    }
    ctx.fireChannelInactive();
  }
}
