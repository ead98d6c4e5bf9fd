package io.weft.core.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;

/**
 * The envelope of a message frame after authentication: a kind byte (TELL, ASK, REPLY), for ASK and
 * REPLY an 8-byte correlation id, then the message as {@link RpcCodec} writes it.
 */
final class Frames {
  static final int TELL = 0;
  static final int ASK = 1;
  static final int REPLY = 2;

  private Frames() {}

  /** A complete frame, length prefix included. */
  static ByteBuf encode(ByteBufAllocator alloc, int kind, long correlationId, RpcMessage message,
      int maxFrameBytes) throws IOException {
    ByteBuf buf = alloc.buffer();
    boolean done = false;
    try {
      buf.writeInt(0);
      buf.writeByte(kind);
      if (kind != TELL) {
        buf.writeLong(correlationId);
      }
      RpcCodec.write(message, new ByteBufOutputStream(buf));
      int length = buf.readableBytes() - 4;
      if (length > maxFrameBytes) {
        // Refused here rather than by the peer, which would drop the whole connection.
        throw new IllegalArgumentException(message.getClass().getSimpleName() + " is " + length
            + " bytes, more than the maximum frame of " + maxFrameBytes + " bytes");
      }
      buf.setInt(0, length);
      done = true;
      return buf;
    } finally {
      if (!done) {
        buf.release();
      }
    }
  }
}
