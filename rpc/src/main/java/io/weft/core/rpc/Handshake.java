package io.weft.core.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.weft.core.auth.MutualAuth;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * How the RPC carries the {@link MutualAuth} handshake that opens every connection, before any
 * message: each of its three messages is one frame (4-byte length prefix, then the message).
 */
final class Handshake {
  /** The protocol name in the handshake's proofs: a proof for the data plane does not count here. */
  static final String PROTOCOL = "rpc";
  /** The frame limit before authentication: no handshake message is longer. */
  static final int MAX_FRAME_BYTES = 128;

  static {
    if (MutualAuth.MAX_MESSAGE_BYTES > MAX_FRAME_BYTES) {
      throw new AssertionError("a handshake message does not fit the frame limit before authentication");
    }
  }

  private Handshake() {}

  /** The rest of a frame's bytes. */
  static byte[] read(ByteBuf frame) {
    byte[] b = new byte[frame.readableBytes()];
    frame.readBytes(b);
    return b;
  }

  /** One frame, length prefix included, holding {@code message}. */
  static ByteBuf frame(ByteBufAllocator alloc, byte[] message) {
    ByteBuf buf = alloc.buffer(4 + message.length);
    buf.writeInt(message.length);
    buf.writeBytes(message);
    return buf;
  }

  /** "host:port" with the numeric address, for logs. */
  static String describe(SocketAddress address) {
    if (address instanceof InetSocketAddress a) {
      String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
      return host + ":" + a.getPort();
    }
    return String.valueOf(address);
  }
}
