package io.weft.dataplane.netty;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The proofs of the handshake. Each side sends a fresh nonce and answers with
 * {@code HMAC-SHA256(secret, role label || nonce of the peer || own nonce)}. The role label keeps
 * a proof from being reflected back by an attacker posing as the other side; the peer's fresh
 * nonce keeps it from being replayed.
 */
final class Auth {
  static final byte[] SERVER_LABEL = "weft-transport-server-v1".getBytes(StandardCharsets.US_ASCII);
  static final byte[] CLIENT_LABEL = "weft-transport-client-v1".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private Auth() {}

  static byte[] nonce() {
    byte[] n = new byte[Frames.NONCE_LENGTH];
    RANDOM.nextBytes(n);
    return n;
  }

  static byte[] proof(byte[] secret, byte[] label, byte[] peerNonce, byte[] ownNonce) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update(label);
      mac.update(peerNonce);
      mac.update(ownNonce);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  /** Constant time, so that timing does not reveal how many leading bytes of a guess were right. */
  static boolean matches(byte[] expected, byte[] actual) {
    return MessageDigest.isEqual(expected, actual);
  }
}
