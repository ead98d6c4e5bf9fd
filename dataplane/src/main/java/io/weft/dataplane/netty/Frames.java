package io.weft.dataplane.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The wire format. Every frame is a 9-byte header, {@code magic:int type:byte length:int}, then
 * {@code length} body bytes; all integers big-endian. The bodies are described on
 * {@link FrameType}.
 */
final class Frames {
  static final int MAGIC = 0x57454654; // "WEFT"
  static final int HEADER_LENGTH = 9;
  static final int MAX_PARTITION_ID_BYTES = 256;
  static final int MAX_ERROR_BYTES = 1024;
  static final int BUFFER_PREFIX = 12;
  /** The channel id of an ERROR about the whole connection. */
  static final int CONNECTION = -1;

  private Frames() {}

  /** A buffer holding the header, with room for the first {@code written} body bytes. */
  private static ByteBuf header(ByteBufAllocator alloc, FrameType type, int bodyLength, int written) {
    ByteBuf b = alloc.buffer(HEADER_LENGTH + written);
    return b.writeInt(MAGIC).writeByte(type.code).writeInt(bodyLength);
  }

  /** The server's hello of the handshake. */
  static ByteBuf authChallenge(ByteBufAllocator alloc, byte[] hello) {
    return header(alloc, FrameType.AUTH_CHALLENGE, hello.length, hello.length).writeBytes(hello);
  }

  /** The client's response, or the server's result, of the handshake. */
  static ByteBuf authResponse(ByteBufAllocator alloc, byte[] message) {
    return header(alloc, FrameType.AUTH_RESPONSE, message.length, message.length).writeBytes(message);
  }

  static ByteBuf partitionRequest(ByteBufAllocator alloc, int channelId, String partitionId, int subpartition,
      int credit) {
    byte[] id = partitionId.getBytes(StandardCharsets.UTF_8);
    if (id.length > MAX_PARTITION_ID_BYTES) {
      throw new IllegalArgumentException("partition id longer than " + MAX_PARTITION_ID_BYTES + " bytes: " + partitionId);
    }
    return header(alloc, FrameType.PARTITION_REQUEST, 14 + id.length, 14 + id.length)
        .writeInt(channelId).writeInt(subpartition).writeInt(credit).writeShort(id.length).writeBytes(id);
  }

  /** The header and prefix of a BUFFER frame; the data follows as a separate (zero-copy) write. */
  static ByteBuf bufferHeader(ByteBufAllocator alloc, int channelId, int sequence, int backlog, int dataLength) {
    return header(alloc, FrameType.BUFFER, BUFFER_PREFIX + dataLength, BUFFER_PREFIX)
        .writeInt(channelId).writeInt(sequence).writeInt(backlog);
  }

  static ByteBuf event(ByteBufAllocator alloc, int channelId, int sequence, byte[] event) {
    return header(alloc, FrameType.EVENT, 8 + event.length, 8 + event.length).writeInt(channelId).writeInt(sequence).writeBytes(event);
  }

  static ByteBuf addCredit(ByteBufAllocator alloc, int channelId, int credit) {
    return header(alloc, FrameType.ADD_CREDIT, 8, 8).writeInt(channelId).writeInt(credit);
  }

  static ByteBuf error(ByteBufAllocator alloc, int channelId, String message) {
    byte[] m = message.getBytes(StandardCharsets.UTF_8);
    int n = Math.min(m.length, MAX_ERROR_BYTES);
    return header(alloc, FrameType.ERROR, 4 + n, 4 + n).writeInt(channelId).writeBytes(m, 0, n);
  }

  static ByteBuf close(ByteBufAllocator alloc, int channelId) {
    return header(alloc, FrameType.CLOSE, 4, 4).writeInt(channelId);
  }

  static byte[] bytes(ByteBuf body) {
    byte[] b = new byte[body.readableBytes()];
    body.readBytes(b);
    return b;
  }

  /** The body of a PARTITION_REQUEST, checked. */
  record PartitionRequest(int channelId, String partitionId, int subpartition, int credit) {
    static PartitionRequest parse(ByteBuf body, SocketAddress from) throws ProtocolException {
      int channelId = body.readInt();
      int subpartition = body.readInt();
      int credit = body.readInt();
      int idLength = body.readUnsignedShort();
      if (idLength != body.readableBytes() || channelId < 0 || subpartition < 0 || credit < 1) {
        throw new ProtocolException(from, "malformed PARTITION_REQUEST (channel " + channelId + ", subpartition "
            + subpartition + ", credit " + credit + ", id length " + idLength + ")");
      }
      String partitionId = body.toString(body.readerIndex(), idLength, StandardCharsets.UTF_8);
      return new PartitionRequest(channelId, partitionId, subpartition, credit);
    }
  }
}
