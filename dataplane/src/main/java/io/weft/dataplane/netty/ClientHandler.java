package io.weft.dataplane.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.weft.dataplane.memory.LocalBufferPool;
import io.weft.dataplane.serialization.EventCodec;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer side of one connection to a producer TaskManager: opens channels on it, routes
 * the producer's frames to them by channel id, and fails all of them, naming the producer's
 * address, when the connection breaks or the producer breaks the protocol.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ClientHandler.class);

  private final InetSocketAddress remote;
  private final String peer;
  private final Map<Integer, ConsumerChannel> channels = new ConcurrentHashMap<>();
  private final AtomicInteger nextId = new AtomicInteger();
  /** Completes once authenticated, or fails with the reason the connection could not be used. */
  final CompletableFuture<ClientHandler> ready = new CompletableFuture<>();
  private volatile ChannelHandlerContext ctx;
  private Throwable failure; // guarded by this
  private boolean broken; // event loop only
  private final List<ConsumerChannel> arrived = new ArrayList<>(); // event loop only

  ClientHandler(InetSocketAddress remote) {
    this.remote = remote;
    this.peer = Addresses.of(remote);
  }

  InetSocketAddress remote() {
    return remote;
  }

  /** The producer's address as logs and causes show it. */
  String peer() {
    return peer;
  }

  ConsumerChannel open(String partitionId, int subpartition, LocalBufferPool pool, int poolChannel)
      throws TransportException {
    int id = nextId.getAndIncrement();
    ConsumerChannel channel = new ConsumerChannel(this, id, partitionId, subpartition, pool, poolChannel);
    synchronized (this) {
      if (failure != null) {
        throw new TransportException(remote, "connection to " + peer + " failed: " + failure.getMessage(), failure);
      }
      channels.put(id, channel);
    }
    int credit = channel.reserveInitialCredit();
    if (credit == 0) {
      channel.close();
      throw new IllegalArgumentException("channel " + poolChannel + " of buffer pool " + pool.name()
          + " has no free exclusive buffer; a remote channel needs at least one to start");
    }
    execute(() -> ctx.writeAndFlush(Frames.partitionRequest(ctx.alloc(), id, partitionId, subpartition, credit)));
    return channel;
  }

  void closeChannel(int id, boolean tellProducer) {
    if (channels.remove(id) != null && tellProducer) {
      execute(() -> ctx.writeAndFlush(Frames.close(ctx.alloc(), id)));
    }
  }

  void sendCredit(int id, int credit) {
    ctx.writeAndFlush(Frames.addCredit(ctx.alloc(), id, credit));
  }

  /** Runs on the connection's event loop; dropped if the transport is shutting down. */
  void execute(Runnable task) {
    try {
      ctx.executor().execute(task);
    } catch (RejectedExecutionException e) {
      // Shutting down: the channels are failed by channelInactive.
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt == AuthHandler.AUTHENTICATED) {
      ready.complete(this);
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    Frame frame = (Frame) msg;
    try {
      if (broken) {
        return; // decoded in the same read as the violation: dropped, as is everything after it
      }
      ByteBuf body = frame.body();
      switch (frame.type) {
        case BUFFER -> {
          ConsumerChannel channel = channels.get(body.readInt());
          int sequence = body.readInt();
          int backlog = body.readInt();
          if (channel != null) { // else closed meanwhile: the producer had not seen our CLOSE yet
            channel.onBuffer(sequence, backlog, body);
          }
        }
        case EVENT -> {
          ConsumerChannel channel = channels.get(body.readInt());
          int sequence = body.readInt();
          if (channel != null) {
            channel.onEvent(sequence, EventCodec.decode(Frames.bytes(body), channel.toString()));
          }
        }
        case ERROR -> {
          int id = body.readInt();
          String message = body.toString(StandardCharsets.UTF_8);
          TransportException error = new TransportException(remote, "producer " + peer + " reports: " + message, null);
          if (id == Frames.CONNECTION) {
            throw error;
          }
          ConsumerChannel channel = channels.remove(id);
          if (channel != null) {
            channel.fail(error);
          }
        }
        default -> throw new ProtocolException(remote, "a producer must not send " + frame.type);
      }
    } finally {
      frame.release();
    }
  }

  /** Notes that {@code channel} got data in the current read. */
  void arrived(ConsumerChannel channel) {
    if (!channel.arrivalPending) {
      channel.arrivalPending = true;
      arrived.add(channel);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    for (ConsumerChannel channel : arrived) {
      channel.arrivalPending = false;
      channel.signalArrivals();
    }
    arrived.clear();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    broken = true;
    Throwable t = FrameDecoder.unwrap(cause);
    TransportException failure = t instanceof TransportException te ? te
        : new TransportException(remote, "connection to " + peer + " failed: " + t, t);
    LOG.warn("{}: closing connection to {}: {}", Addresses.of(ctx.channel().localAddress()), peer, failure.getMessage());
    failAll(failure);
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    LOG.info("{}: connection to {} closed, failing {} open channel(s)", Addresses.of(ctx.channel().localAddress()), peer,
        channels.size());
    failAll(new TransportException(remote, "connection to producer " + peer + " lost", null));
    ctx.fireChannelInactive();
  }

  /** Fails every channel; the first cause wins, so a protocol error is not masked by the close it causes. */
  void failAll(Throwable cause) {
    List<ConsumerChannel> failed;
    Throwable first;
    synchronized (this) {
      if (failure == null) {
        failure = cause;
      }
      first = failure;
      failed = new ArrayList<>(channels.values());
      channels.clear();
    }
    ready.completeExceptionally(first);
    for (ConsumerChannel channel : failed) {
      channel.fail(first);
    }
  }
}
