package io.weft.dataplane.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.weft.dataplane.memory.MemorySegment;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer side of one authenticated connection: serves partition requests and credit, and
 * writes the channels' data. Channels with something sendable wait in a round-robin queue, and
 * one item is written per turn while the socket accepts more, so a busy channel cannot starve the
 * others and a channel without credit costs nothing. Runs on the connection's event loop only.
 */
final class ServerHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ServerHandler.class);

  private final PartitionRegistry registry;
  private final long requestTimeoutMillis;
  private final Map<Integer, ProducerChannel> channels = new HashMap<>();
  /** Requests for partitions not registered yet, by channel id. */
  private final Map<Integer, Frames.PartitionRequest> waiting = new HashMap<>();
  private final Map<Integer, Consumer<ProducerChannel>> waiters = new HashMap<>();
  private final ArrayDeque<ProducerChannel> sendable = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private SocketAddress remote;
  private String peer;
  private boolean broken;

  ServerHandler(PartitionRegistry registry, long requestTimeoutMillis) {
    this.registry = registry;
    this.requestTimeoutMillis = requestTimeoutMillis;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.remote = ctx.channel().remoteAddress();
    this.peer = Addresses.of(remote);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws ProtocolException {
    Frame frame = (Frame) msg;
    try {
      if (broken) {
        return; // decoded in the same read as the violation: dropped, as is everything after it
      }
      ByteBuf body = frame.body();
      switch (frame.type) {
        case PARTITION_REQUEST -> request(Frames.PartitionRequest.parse(body, remote));
        case ADD_CREDIT -> {
          int id = body.readInt();
          int credit = body.readInt();
          if (credit < 1) {
            throw new ProtocolException(remote, "ADD_CREDIT of " + credit + " for channel " + id);
          }
          ProducerChannel channel = channels.get(id);
          if (channel != null) { // else closed meanwhile
            channel.addCredit(credit);
            enqueueIfSendable(channel);
            writeSendable();
          }
        }
        case CLOSE -> {
          int id = body.readInt();
          stopWaiting(id);
          ProducerChannel channel = channels.remove(id);
          if (channel != null) {
            channel.release(new TransportException(remote, "consumer " + peer + " closed the channel", null));
          }
        }
        case ERROR -> LOG.warn("{}: consumer {} reports: {}", Addresses.of(ctx.channel().localAddress()), peer,
            body.toString(body.readerIndex() + 4, body.readableBytes() - 4, StandardCharsets.UTF_8));
        default -> throw new ProtocolException(remote, "a consumer must not send " + frame.type);
      }
    } finally {
      frame.release();
    }
  }

  private void request(Frames.PartitionRequest r) throws ProtocolException {
    if (channels.containsKey(r.channelId()) || waiting.containsKey(r.channelId())) {
      throw new ProtocolException(remote, "channel id " + r.channelId() + " requested twice");
    }
    Consumer<ProducerChannel> waiter = channel -> execute(() -> {
      if (waiting.remove(r.channelId()) != null) {
        waiters.remove(r.channelId());
        attach(r, channel);
      }
    });
    ProducerChannel channel = registry.lookupOrWait(r.partitionId(), r.subpartition(), waiter);
    if (channel != null) {
      attach(r, channel);
      return;
    }
    // Its producer may not be deployed yet: wait for it, but not forever.
    waiting.put(r.channelId(), r);
    waiters.put(r.channelId(), waiter);
    ctx.executor().schedule(() -> {
      // If the producer registered meanwhile, its hand-over is queued behind this: let it attach.
      if (waiting.containsKey(r.channelId()) && registry.cancelWait(r.partitionId(), r.subpartition(), waiter)) {
        waiting.remove(r.channelId());
        waiters.remove(r.channelId());
        refuse(r, "partition " + r.partitionId() + " subpartition " + r.subpartition() + " is not produced at "
            + Addresses.of(ctx.channel().localAddress()) + " (waited " + requestTimeoutMillis + " ms)");
      }
    }, requestTimeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** Forgets a waiting request (the consumer closed it or went away), even if its hand-over is queued. */
  private void stopWaiting(int channelId) {
    Frames.PartitionRequest r = waiting.remove(channelId);
    Consumer<ProducerChannel> waiter = waiters.remove(channelId);
    if (r != null) {
      registry.cancelWait(r.partitionId(), r.subpartition(), waiter);
    }
  }

  private void attach(Frames.PartitionRequest r, ProducerChannel channel) {
    String refusal = channel.attach(this, r.channelId(), r.credit());
    if (refusal != null) {
      refuse(r, refusal);
      return;
    }
    channels.put(r.channelId(), channel);
    enqueueIfSendable(channel);
    writeSendable();
  }

  private void refuse(Frames.PartitionRequest r, String refusal) {
    LOG.warn("{}: refused request of {}: {}", Addresses.of(ctx.channel().localAddress()), peer, refusal);
    ctx.writeAndFlush(Frames.error(ctx.alloc(), r.channelId(), refusal));
  }

  /** Called by a writer's thread when its channel has become sendable. */
  void notifySendable(ProducerChannel channel) {
    execute(() -> {
      enqueueIfSendable(channel);
      writeSendable();
    });
  }

  /** Called by a producer that failed: the consumer learns why. */
  void sendError(int channelId, String message) {
    execute(() -> {
      if (channels.remove(channelId) != null) {
        ctx.writeAndFlush(Frames.error(ctx.alloc(), channelId, message));
      }
    });
  }

  private void execute(Runnable task) {
    try {
      ctx.executor().execute(task);
    } catch (RejectedExecutionException e) {
      // The transport is shutting down; channelInactive releases the channels.
    }
  }

  private void enqueueIfSendable(ProducerChannel channel) {
    if (!channel.queuedForSend && channel.isSendable() && ctx.channel().isActive()) {
      channel.queuedForSend = true;
      sendable.add(channel);
    }
  }

  private void writeSendable() {
    boolean wrote = false;
    while (ctx.channel().isWritable()) {
      ProducerChannel channel = sendable.poll();
      if (channel == null) {
        break;
      }
      channel.queuedForSend = false;
      ProducerChannel.Outgoing out = channel.pollNext();
      if (out != null) {
        write(out);
        wrote = true;
      }
      enqueueIfSendable(channel);
    }
    if (wrote) {
      ctx.flush();
    }
  }

  private void write(ProducerChannel.Outgoing out) {
    MemorySegment segment = out.segment();
    if (segment == null) {
      ctx.write(Frames.event(ctx.alloc(), out.receiverId(), out.sequence(), out.event()));
      return;
    }
    ctx.write(Frames.bufferHeader(ctx.alloc(), out.receiverId(), out.sequence(), out.backlog(), segment.length()));
    // The segment goes to the socket as it is; it returns to its pool once written (or dropped).
    ctx.write(Unpooled.wrappedBuffer(segment.data())).addListener(f -> segment.recycle());
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    writeSendable();
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    LOG.info("{}: connection from {} closed, releasing {} channel(s)", Addresses.of(ctx.channel().localAddress()), peer,
        channels.size());
    for (ProducerChannel channel : channels.values()) {
      channel.release(new TransportException(remote, "connection to consumer " + peer + " lost", null));
    }
    channels.clear();
    sendable.clear();
    for (Integer id : List.copyOf(waiting.keySet())) {
      stopWaiting(id);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    broken = true;
    Throwable t = FrameDecoder.unwrap(cause);
    LOG.warn("{}: closing connection from {}: {}", Addresses.of(ctx.channel().localAddress()), peer,
        t instanceof TransportException ? t.getMessage() : t.toString());
    ctx.close();
  }
}
