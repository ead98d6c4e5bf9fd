package io.weft.dataplane.netty;

import io.weft.core.auth.MutualAuth;
import io.weft.dataplane.serialization.EventCodec;

/**
 * The frames of the wire protocol, with the body lengths each may have. The decoder checks a
 * frame's length against these bounds before buffering its body, so no peer can make us buffer
 * more than one segment's worth for a frame.
 */
enum FrameType {
  /** The server's hello of the {@link MutualAuth} handshake: its nonce. */
  AUTH_CHALLENGE(1, MutualAuth.HELLO_BYTES, MutualAuth.HELLO_BYTES),
  /** The client's response (nonce and proof) or the server's result (its proof) of the handshake. */
  AUTH_RESPONSE(2, MutualAuth.RESULT_BYTES, MutualAuth.RESPONSE_BYTES),
  /** channel id, subpartition, initial credit (ints), partition id (short length + UTF-8). */
  PARTITION_REQUEST(3, 14, 14 + Frames.MAX_PARTITION_ID_BYTES),
  /** channel id, sequence number, backlog (ints), then at least one data byte. */
  BUFFER(4, 13, -1),
  /** channel id, sequence number (ints), then the event as {@link EventCodec} writes it. */
  EVENT(5, 9, 8 + EventCodec.MAX_LENGTH),
  /** channel id, credit (ints). */
  ADD_CREDIT(6, 8, 8),
  /** channel id (int; -1 for the whole connection), then a UTF-8 message. */
  ERROR(7, 4, 4 + Frames.MAX_ERROR_BYTES),
  /** channel id: the consumer releases the channel. */
  CLOSE(8, 4, 4);

  private static final FrameType[] BY_CODE = new FrameType[16];

  static {
    for (FrameType t : values()) {
      BY_CODE[t.code] = t;
    }
  }

  final byte code;
  final int minBody;
  private final int maxBody;

  FrameType(int code, int minBody, int maxBody) {
    this.code = (byte) code;
    this.minBody = minBody;
    this.maxBody = maxBody;
  }

  int maxBody(int segmentSize) {
    return this == BUFFER ? 12 + segmentSize : maxBody;
  }

  /** The type with this code, or null. */
  static FrameType of(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }
}
