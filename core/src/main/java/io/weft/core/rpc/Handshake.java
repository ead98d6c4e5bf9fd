package io.weft.core.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * The mutual authentication that opens every connection, before any message. Each step is one
 * frame (4-byte length prefix):
 *
 * <pre>
 * server -> client  HELLO     magic "WFTR", version 1, serverNonce[32]
 * client -> server  RESPONSE  magic "WFTR", version 1, clientNonce[32],
 *                             HMAC(secret, "weft-rpc-v1 client" || serverNonce || clientNonce)
 * server -> client  RESULT    1, HMAC(secret, "weft-rpc-v1 server" || clientNonce || serverNonce)
 *                   or        0 (rejected), and the server closes
 * </pre>
 *
 * The labels make the two proofs differ even for equal nonces, so neither side's proof can be
 * reflected back as the other's; the server proves itself only after the client did, so an
 * unauthenticated client gets no HMAC of anything. Proofs are compared with
 * {@link MessageDigest#isEqual}, whose time does not depend on where the bytes differ.
 */
final class Handshake {
  /** Magic "WFTR" and protocol version 1. */
  static final byte[] PREAMBLE = {'W', 'F', 'T', 'R', 1};
  static final int NONCE_BYTES = 32;
  static final int PROOF_BYTES = 32;
  static final int HELLO_BYTES = PREAMBLE.length + NONCE_BYTES;
  static final int RESPONSE_BYTES = PREAMBLE.length + NONCE_BYTES + PROOF_BYTES;
  static final byte[] ACCEPTED = {1};
  static final byte[] REJECTED = {0};
  /** No handshake frame is longer; the frame limit before authentication. */
  static final int MAX_FRAME_BYTES = 128;

  private static final byte[] CLIENT_LABEL = "weft-rpc-v1 client".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SERVER_LABEL = "weft-rpc-v1 server".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private Handshake() {}

  static byte[] nonce() {
    byte[] n = new byte[NONCE_BYTES];
    RANDOM.nextBytes(n);
    return n;
  }

  static byte[] clientProof(RpcSecret secret, byte[] serverNonce, byte[] clientNonce) {
    return secret.hmac(CLIENT_LABEL, serverNonce, clientNonce);
  }

  static byte[] serverProof(RpcSecret secret, byte[] clientNonce, byte[] serverNonce) {
    return secret.hmac(SERVER_LABEL, clientNonce, serverNonce);
  }

  /** Reads and checks magic and version; false when the peer speaks something else. */
  static boolean readPreamble(ByteBuf frame) {
    byte[] preamble = new byte[PREAMBLE.length];
    frame.readBytes(preamble);
    return MessageDigest.isEqual(preamble, PREAMBLE);
  }

  static byte[] read(ByteBuf frame, int length) {
    byte[] b = new byte[length];
    frame.readBytes(b);
    return b;
  }

  /** One frame, length prefix included, holding the parts one after the other. */
  static ByteBuf frame(ByteBufAllocator alloc, byte[]... parts) {
    ByteBuf buf = alloc.buffer();
    buf.writeInt(0);
    for (byte[] part : parts) {
      buf.writeBytes(part);
    }
    buf.setInt(0, buf.readableBytes() - 4);
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
