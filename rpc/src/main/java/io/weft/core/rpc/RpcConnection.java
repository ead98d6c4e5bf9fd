package io.weft.core.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated connection, the same on both ends: either side may {@link #send}, {@link #ask}
 * and {@link #reply}. All methods are thread-safe and none blocks.
 *
 * <p>Heartbeat timeouts are the caller's business: {@link #lastReceivedMillis()} tells when the
 * peer was last heard from. There is no reconnect; a closed connection stays closed.
 */
public final class RpcConnection {
  private static final Logger LOG = LoggerFactory.getLogger(RpcConnection.class);

  private record PendingAsk(String requestType, CompletableFuture<RpcMessage> reply) {}

  private final Channel channel;
  private final RpcHandler handler;
  private final RpcSettings settings;
  private final String remoteAddress;
  private final Consumer<RpcConnection> onTerminated;
  private final AtomicLong lastCorrelationId = new AtomicLong();
  private final Map<Long, PendingAsk> pending = new ConcurrentHashMap<>();
  private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
  private volatile long lastReceivedMillis = System.currentTimeMillis();
  private volatile String peerName;
  private volatile boolean closing;
  private volatile boolean closedByUs;
  private volatile Throwable failure;
  private volatile boolean closed;

  RpcConnection(Channel channel, RpcHandler handler, RpcSettings settings, String remoteAddress,
      Consumer<RpcConnection> onTerminated) {
    this.channel = channel;
    this.handler = handler;
    this.settings = settings;
    this.remoteAddress = remoteAddress;
    this.onTerminated = onTerminated;
  }

  /** Sends a one-way message; the future completes when it is written to the socket. */
  public CompletableFuture<Void> send(RpcMessage message) {
    return write(Frames.TELL, 0, message);
  }

  /** {@link #ask(RpcMessage, Duration)} with the service's ask timeout. */
  public CompletableFuture<RpcMessage> ask(RpcMessage message) {
    return ask(message, settings.askTimeout());
  }

  /**
   * Sends a request and returns the answer. The future fails with a {@link TimeoutException} when
   * no answer comes within the timeout, with an {@link RpcRemoteException} when the peer answers
   * with an {@link ErrorReply}, and with an {@link RpcException} when the connection closes first.
   * Dependent actions run on a netty thread unless you use the {@code ...Async} variants.
   */
  public CompletableFuture<RpcMessage> ask(RpcMessage message, Duration timeout) {
    Objects.requireNonNull(message, "message");
    long id = lastCorrelationId.incrementAndGet();
    String type = message.getClass().getSimpleName();
    CompletableFuture<RpcMessage> reply = new CompletableFuture<>();
    pending.put(id, new PendingAsk(type, reply));
    // Checked after registering, so that either this or channelClosed() fails the request.
    if (closed) {
      failPending(id, closedException());
      return reply;
    }
    long millis = timeout.toMillis();
    try {
      ScheduledFuture<?> timer = channel.eventLoop().schedule(
          () -> failPending(id, new TimeoutException("no answer to " + type + " from " + this + " within "
              + millis + " ms")), millis, TimeUnit.MILLISECONDS);
      reply.whenComplete((r, e) -> timer.cancel(false));
    } catch (RejectedExecutionException e) {
      failPending(id, closedException());
      return reply;
    }
    write(Frames.ASK, id, message).whenComplete((v, e) -> {
      if (e != null) {
        failPending(id, e);
      }
    });
    return reply;
  }

  /**
   * Answers the request with this correlation id (see {@link RpcHandler#onRequest}). Any message
   * may be the answer; {@link Ack} and {@link ErrorReply} must carry the same id.
   */
  public CompletableFuture<Void> reply(long correlationId, RpcMessage answer) {
    Objects.requireNonNull(answer, "answer");
    long inAnswer = answer instanceof Ack a ? a.correlationId()
        : answer instanceof ErrorReply e ? e.correlationId() : correlationId;
    if (inAnswer != correlationId) {
      throw new IllegalArgumentException(answer + " does not carry the correlation id " + correlationId
          + " it answers");
    }
    return write(Frames.REPLY, correlationId, answer);
  }

  /** Closes the connection; the handler's onClosed follows with a null cause. */
  public void close() {
    closedByUs = true;
    closing = true;
    channel.close();
  }

  /** Completes once the connection is closed and the handler's onClosed has returned. */
  public CompletableFuture<Void> closeFuture() {
    return closeFuture;
  }

  public boolean isOpen() {
    return !closing && !closed && channel.isActive();
  }

  /** The peer's "host:port". */
  public String remoteAddress() {
    return remoteAddress;
  }

  /** Wall-clock time of the last frame received from the peer (or of authentication). */
  public long lastReceivedMillis() {
    return lastReceivedMillis;
  }

  /** Names the peer in this connection's log lines, e.g. with its taskManagerId once it registered. */
  public void setPeerName(String name) {
    this.peerName = name;
  }

  public String peerName() {
    return peerName;
  }

  @Override
  public String toString() {
    String name = peerName;
    return name == null ? remoteAddress : name + " (" + remoteAddress + ")";
  }

  // ---- called by ConnectionHandler on the channel's event loop ----

  void received(ByteBuf frame) throws RpcProtocolException {
    if (closing) {
      return;
    }
    lastReceivedMillis = System.currentTimeMillis();
    int kind = frame.isReadable() ? frame.readUnsignedByte() : -1;
    if (kind != Frames.TELL && kind != Frames.ASK && kind != Frames.REPLY) {
      throw new RpcProtocolException("frame of unknown kind " + kind + " at offset 0 of the frame");
    }
    long id = 0;
    if (kind != Frames.TELL) {
      if (frame.readableBytes() < 8) {
        throw new RpcProtocolException("frame ends inside its correlation id at offset 1 of the frame");
      }
      id = frame.readLong();
    }
    // Control messages are small; a copy keeps the codec on plain DataInput.
    RpcMessage message = RpcCodec.decode(ByteBufUtil.getBytes(frame));
    if (kind == Frames.TELL) {
      deliver(message);
    } else if (kind == Frames.ASK) {
      answer(id, message);
    } else {
      complete(id, message);
    }
  }

  private void deliver(RpcMessage message) {
    try {
      handler.onMessage(this, message);
    } catch (Exception e) {
      LOG.warn("the RPC handler failed on {} from {}", message.getClass().getSimpleName(), this, e);
    }
  }

  private void answer(long id, RpcMessage request) {
    try {
      handler.onRequest(this, id, request);
    } catch (Exception e) {
      LOG.warn("the RPC handler failed on request {} from {}; answering with an error",
          request.getClass().getSimpleName(), this, e);
      reply(id, new ErrorReply(id, e.getClass().getName() + ": " + e.getMessage()));
    }
  }

  private void complete(long id, RpcMessage answer) {
    PendingAsk ask = pending.remove(id);
    if (ask == null) {
      LOG.debug("dropping {} from {}: no request {} waits for it (timed out?)",
          answer.getClass().getSimpleName(), this, id);
    } else if (answer instanceof ErrorReply error) {
      ask.reply().completeExceptionally(new RpcRemoteException(
          this + " answered " + ask.requestType() + " with an error: " + error.message(), error));
    } else {
      ask.reply().complete(answer);
    }
  }

  /** Closes after a protocol or I/O error; the cause goes to the handler's onClosed. */
  void closeBecause(Throwable cause) {
    if (failure == null) {
      failure = cause;
    }
    closing = true;
    channel.close();
  }

  void channelClosed() {
    if (closed) {
      return;
    }
    closed = true;
    closing = true;
    Throwable cause = closedByUs ? null : failure != null
        ? new RpcException("the RPC connection with " + this + " broke: " + failure.getMessage(), failure)
        : new RpcException("the RPC connection with " + this + " was closed by the peer");
    RpcException pendingFailure = cause == null
        ? new RpcException("the RPC connection with " + this + " was closed") : (RpcException) cause;
    for (Long id : pending.keySet()) {
      failPending(id, pendingFailure);
    }
    onTerminated.accept(this);
    try {
      handler.onClosed(this, cause);
    } catch (Exception e) {
      LOG.warn("the RPC handler failed in onClosed for {}", this, e);
    } finally {
      closeFuture.complete(null);
    }
  }

  private void failPending(long id, Throwable e) {
    PendingAsk ask = pending.remove(id);
    if (ask != null) {
      ask.reply().completeExceptionally(e);
    }
  }

  private RpcException closedException() {
    return new RpcException("the RPC connection with " + this + " is closed");
  }

  private CompletableFuture<Void> write(int kind, long id, RpcMessage message) {
    CompletableFuture<Void> written = new CompletableFuture<>();
    if (closing || closed) {
      written.completeExceptionally(closedException());
      return written;
    }
    ByteBuf frame;
    try {
      frame = Frames.encode(channel.alloc(), kind, id, message, settings.maxFrameBytes());
    } catch (Exception e) {
      written.completeExceptionally(e);
      return written;
    }
    channel.writeAndFlush(frame).addListener(f -> {
      if (f.isSuccess()) {
        written.complete(null);
      } else {
        written.completeExceptionally(new RpcException("cannot send " + message.getClass().getSimpleName()
            + " to " + this + ": " + f.cause().getMessage(), f.cause()));
      }
    });
    return written;
  }
}
