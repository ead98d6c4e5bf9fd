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
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
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
  private final Map<Integer, ProducerChannel> channels = new HashMap<>();
  private final ArrayDeque<ProducerChannel> sendable = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private SocketAddress remote;
  private String peer;
  private boolean broken;

  ServerHandler(PartitionRegistry registry) {
    this.registry = registry;
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
          ProducerChannel channel = channels.remove(body.readInt());
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
    if (channels.containsKey(r.channelId())) {
      throw new ProtocolException(remote, "channel id " + r.channelId() + " requested twice");
    }
    ProducerChannel channel = registry.lookup(r.partitionId(), r.subpartition());
    String refusal = channel == null
        ? "partition " + r.partitionId() + " subpartition " + r.subpartition() + " is not produced at "
            + Addresses.of(ctx.channel().localAddress())
        : channel.attach(this, r.channelId(), r.credit());
    if (refusal != null) {
      LOG.warn("{}: refused request of {}: {}", Addresses.of(ctx.channel().localAddress()), peer, refusal);
      ctx.writeAndFlush(Frames.error(ctx.alloc(), r.channelId(), refusal));
      return;
    }
    channels.put(r.channelId(), channel);
    enqueueIfSendable(channel);
    writeSendable();
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
