package io.weft.core.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the byte stream into frames: a 4-byte big-endian length, then that many bytes. The limit
 * starts at the handshake's few bytes and is raised once the peer has authenticated, so that an
 * unknown peer cannot make us buffer megabytes. After one bad length prefix the decoder discards
 * everything, so nothing more from that peer is decoded while the channel closes.
 */
final class FrameDecoder extends ByteToMessageDecoder {
  private int maxFrameBytes;
  private boolean authenticated;
  private boolean failed;

  FrameDecoder(int handshakeLimit) {
    this.maxFrameBytes = handshakeLimit;
  }

  /** Called on the channel's event loop when the handshake succeeded. */
  void authenticated(int maxFrameBytes) {
    this.maxFrameBytes = maxFrameBytes;
    this.authenticated = true;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws RpcProtocolException {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (in.readableBytes() < 4) {
      return;
    }
    int length = in.getInt(in.readerIndex());
    if (length < 0 || length > maxFrameBytes) {
      failed = true;
      in.skipBytes(in.readableBytes());
      throw new RpcProtocolException("the peer announced a frame of " + Integer.toUnsignedString(length)
          + " bytes" + (authenticated ? "" : " before authenticating") + ", more than the limit of "
          + maxFrameBytes + " bytes");
    }
    if (in.readableBytes() < 4 + length) {
      return;
    }
    in.skipBytes(4);
    out.add(in.readRetainedSlice(length));
  }
}
