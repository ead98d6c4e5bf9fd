package io.weft.dataplane.netty;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mutual challenge-response authentication, first in line after the frame decoder. Until both
 * sides have proven the secret, every frame stops here; anything but the expected handshake frame
 * closes the connection. On success the handler removes itself and fires {@link #AUTHENTICATED}.
 *
 * <pre>
 *   client                                     server
 *                                 &lt;---  AUTH_CHALLENGE(ns)
 *   AUTH_CHALLENGE(nc)            ---&gt;
 *   AUTH_RESPONSE(HMAC(k, client label, ns, nc)) ---&gt;
 *                                              checks the client's proof
 *                                 &lt;---  AUTH_RESPONSE(HMAC(k, server label, nc, ns))
 *   checks the server's proof, then sends requests
 * </pre>
 *
 * The side that connects proves itself first, to a nonce the server just chose: a server computes
 * a proof only for a peer that has shown it knows the secret, so an unauthenticated caller can
 * never have the server prove something of its choosing (no proof oracle), and a recorded client
 * proof is useless against the next nonce.
 */
final class AuthHandler extends ChannelInboundHandlerAdapter {
  /** Fired down the pipeline once the peer has proven the secret. */
  static final Object AUTHENTICATED = "weft-authenticated";

  private static final Logger LOG = LoggerFactory.getLogger(AuthHandler.class);

  private final boolean server;
  private final byte[] secret;
  private final Duration timeout;
  private byte[] ownNonce;
  private byte[] peerNonce;
  private boolean done;
  private ScheduledFuture<?> timer;

  AuthHandler(boolean server, byte[] secret, Duration timeout) {
    this.server = server;
    this.secret = secret;
    this.timeout = timeout;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    timer = ctx.executor().schedule(
        () -> reject(ctx, "did not authenticate within " + timeout.toMillis() + " ms"),
        timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (server) {
      ownNonce = Auth.nonce();
      ctx.writeAndFlush(Frames.authChallenge(ctx.alloc(), ownNonce));
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
      if (frame.type == FrameType.AUTH_CHALLENGE && peerNonce == null) {
        peerNonce = Frames.bytes(frame.body());
        if (!server) {
          ownNonce = Auth.nonce();
          ctx.write(Frames.authChallenge(ctx.alloc(), ownNonce));
          ctx.writeAndFlush(Frames.authResponse(ctx.alloc(), Auth.proof(secret, Auth.CLIENT_LABEL, peerNonce, ownNonce)));
        }
      } else if (frame.type == FrameType.AUTH_RESPONSE && peerNonce != null) {
        byte[] expected = Auth.proof(secret, server ? Auth.CLIENT_LABEL : Auth.SERVER_LABEL, ownNonce, peerNonce);
        if (!Auth.matches(expected, Frames.bytes(frame.body()))) {
          reject(ctx, "wrong authentication proof (different secret?)");
          return;
        }
        if (server) {
          // Only now, for a peer that proved the secret, does the server prove it in turn.
          ctx.writeAndFlush(Frames.authResponse(ctx.alloc(), Auth.proof(secret, Auth.SERVER_LABEL, peerNonce, ownNonce)));
        }
        succeed(ctx);
      } else if (frame.type == FrameType.ERROR && !server) {
        frame.body().skipBytes(4);
        reject(ctx, "server refused: " + frame.body().toString(StandardCharsets.UTF_8));
      } else {
        reject(ctx, "sent " + frame.type + " before authenticating");
      }
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
