package io.weft.dataplane.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import java.util.List;

/**
 * Cuts the byte stream into {@link Frame}s. A bad magic number, an unknown type or a length
 * outside the type's bounds is a protocol violation: the frame is never passed on, the rest of
 * the input is dropped, and the connection is closed by the handler that sees the exception.
 */
final class FrameDecoder extends ByteToMessageDecoder {
  private final int segmentSize;
  private long offset;
  private boolean broken;

  FrameDecoder(int segmentSize) {
    this.segmentSize = segmentSize;
    // Frames of a segment's size usually span socket reads; gluing the reads together instead of
    // copying them into one buffer saves a copy of every byte.
    setCumulator(COMPOSITE_CUMULATOR);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws ProtocolException {
    if (broken) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (in.readableBytes() < Frames.HEADER_LENGTH) {
      return;
    }
    int start = in.readerIndex();
    int magic = in.getInt(start);
    if (magic != Frames.MAGIC) {
      throw broken(ctx, in, "bad magic 0x" + Integer.toHexString(magic));
    }
    int code = in.getByte(start + 4);
    FrameType type = FrameType.of(code);
    if (type == null) {
      throw broken(ctx, in, "unknown frame type " + code);
    }
    int length = in.getInt(start + 5);
    if (length < type.minBody || length > type.maxBody(segmentSize)) {
      throw broken(ctx, in, type + " frame with body length " + length + " outside " + type.minBody + ".."
          + type.maxBody(segmentSize));
    }
    if (in.readableBytes() < Frames.HEADER_LENGTH + length) {
      return;
    }
    in.skipBytes(Frames.HEADER_LENGTH);
    out.add(new Frame(type, in.readRetainedSlice(length)));
    offset += Frames.HEADER_LENGTH + length;
  }

  /** The exception a handler should report: the decoder wraps ours in a DecoderException. */
  static Throwable unwrap(Throwable t) {
    return t instanceof DecoderException && t.getCause() != null ? t.getCause() : t;
  }

  private ProtocolException broken(ChannelHandlerContext ctx, ByteBuf in, String problem) {
    broken = true;
    in.skipBytes(in.readableBytes());
    return new ProtocolException(ctx.channel().remoteAddress(), problem + " at byte offset " + offset);
  }
}
