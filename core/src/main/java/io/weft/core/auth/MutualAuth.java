package io.weft.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The mutual authentication that opens every Weft connection (control-plane RPC and data plane),
 * before anything else is read. Three messages; each transport carries them in its own frames:
 *
 * <pre>
 * server -> client  HELLO     magic "WFTR", version 1, serverNonce[32]
 * client -> server  RESPONSE  magic "WFTR", version 1, clientNonce[32],
 *                             HMAC(key, "weft-&lt;protocol&gt;-v1 client" || serverNonce || clientNonce)
 * server -> client  RESULT    1, HMAC(key, "weft-&lt;protocol&gt;-v1 server" || clientNonce || serverNonce)
 *                   or        0 (rejected), and the server closes
 * </pre>
 *
 * The role labels make the two proofs differ even for equal nonces, so neither side's proof can be
 * reflected back as the other's; the protocol name in them keeps a proof made for one protocol
 * from counting in another; fresh nonces keep proofs from being replayed. The server proves itself
 * only after the client did, so an unauthenticated caller never gets an HMAC of anything (no proof
 * oracle). Proofs are compared with {@link MessageDigest#isEqual}, whose time does not depend on
 * where the bytes differ. This class holds no I/O: it makes and checks the messages.
 */
public final class MutualAuth {
  /** Magic "WFTR" and protocol version 1. */
  public static final byte[] PREAMBLE = {'W', 'F', 'T', 'R', 1};
  public static final int NONCE_BYTES = 32;
  public static final int PROOF_BYTES = 32;
  public static final int HELLO_BYTES = PREAMBLE.length + NONCE_BYTES;
  public static final int RESPONSE_BYTES = PREAMBLE.length + NONCE_BYTES + PROOF_BYTES;
  /** An accepting result; a rejecting one is {@link #REJECTED} alone. */
  public static final int RESULT_BYTES = 1 + PROOF_BYTES;
  public static final byte ACCEPTED = 1;
  public static final byte REJECTED = 0;
  /** No handshake message is longer. */
  public static final int MAX_MESSAGE_BYTES = RESPONSE_BYTES;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** HMAC-SHA256 under a key, over the concatenation of its arguments. */
  @FunctionalInterface
  public interface Hmac {
    byte[] of(byte[]... parts);
  }

  /** Why a handshake failed; each transport turns it into its own exception and log line. */
  public static final class HandshakeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
      /** The peer speaks something else, or another version (wrong length or preamble). */
      MALFORMED,
      /** The peer's proof does not match: it does not know the key. */
      WRONG_PROOF,
      /** The server refused our proof: the two sides have different keys. */
      REJECTED
    }

    private final Kind kind;

    HandshakeException(Kind kind, String message) {
      super(message);
      this.kind = kind;
    }

    public Kind kind() {
      return kind;
    }
  }

  private final Hmac hmac;
  private final byte[] clientLabel;
  private final byte[] serverLabel;
  private final byte[] ownNonce = new byte[NONCE_BYTES];
  private byte[] peerNonce;

  private MutualAuth(Hmac hmac, String protocol) {
    this.hmac = hmac;
    this.clientLabel = ("weft-" + protocol + "-v1 client").getBytes(StandardCharsets.US_ASCII);
    this.serverLabel = ("weft-" + protocol + "-v1 server").getBytes(StandardCharsets.US_ASCII);
    RANDOM.nextBytes(ownNonce);
  }

  /** One handshake of {@code protocol} ("rpc", "dataplane"), either side; use each once. */
  public static MutualAuth of(Hmac hmac, String protocol) {
    return new MutualAuth(hmac, protocol);
  }

  /** HMAC-SHA256 under {@code key}. */
  public static Hmac hmacSha256(byte[] key) {
    byte[] copy = key.clone();
    return parts -> {
      try {
        // Mac instances are not thread-safe; one per call is cheap next to a network round trip.
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(copy, "HmacSHA256"));
        for (byte[] part : parts) {
          mac.update(part);
        }
        return mac.doFinal();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
      }
    };
  }

  // ---- server side ----

  /** The server's first message. */
  public byte[] hello() {
    return concat(PREAMBLE, ownNonce);
  }

  /**
   * Checks the client's response to {@link #hello()}; returns the accepting result, which proves
   * the server in turn. On WRONG_PROOF the server sends {@link #rejection()}; on MALFORMED it closes.
   */
  public byte[] acceptResponse(byte[] response) throws HandshakeException {
    if (response.length != RESPONSE_BYTES || !hasPreamble(response)) {
      throw new HandshakeException(HandshakeException.Kind.MALFORMED,
          "it does not speak the Weft handshake (or another version of it)");
    }
    byte[] clientNonce = Arrays.copyOfRange(response, PREAMBLE.length, PREAMBLE.length + NONCE_BYTES);
    byte[] proof = Arrays.copyOfRange(response, PREAMBLE.length + NONCE_BYTES, RESPONSE_BYTES);
    if (!MessageDigest.isEqual(proof, hmac.of(clientLabel, ownNonce, clientNonce))) {
      throw new HandshakeException(HandshakeException.Kind.WRONG_PROOF, "its proof does not match the secret");
    }
    return concat(new byte[] {ACCEPTED}, hmac.of(serverLabel, clientNonce, ownNonce));
  }

  /** The result that refuses a client. */
  public static byte[] rejection() {
    return new byte[] {REJECTED};
  }

  // ---- client side ----

  /** Answers the server's hello with this client's nonce and proof. */
  public byte[] respond(byte[] hello) throws HandshakeException {
    if (hello.length != HELLO_BYTES || !hasPreamble(hello)) {
      throw new HandshakeException(HandshakeException.Kind.MALFORMED,
          "it does not speak the Weft handshake (or another version of it)");
    }
    peerNonce = Arrays.copyOfRange(hello, PREAMBLE.length, HELLO_BYTES);
    return concat(PREAMBLE, ownNonce, hmac.of(clientLabel, peerNonce, ownNonce));
  }

  /** Checks the server's result: it accepted and proved that it knows the key. */
  public void verifyResult(byte[] result) throws HandshakeException {
    if (peerNonce == null) {
      throw new IllegalStateException("respond to the hello first");
    }
    if (result.length == 1 && result[0] == REJECTED) {
      throw new HandshakeException(HandshakeException.Kind.REJECTED, "the server rejected our proof");
    }
    if (result.length != RESULT_BYTES || result[0] != ACCEPTED) {
      throw new HandshakeException(HandshakeException.Kind.MALFORMED, "malformed handshake result");
    }
    byte[] proof = Arrays.copyOfRange(result, 1, RESULT_BYTES);
    if (!MessageDigest.isEqual(proof, hmac.of(serverLabel, ownNonce, peerNonce))) {
      throw new HandshakeException(HandshakeException.Kind.WRONG_PROOF, "its proof does not match the secret");
    }
  }

  private static boolean hasPreamble(byte[] message) {
    return MessageDigest.isEqual(Arrays.copyOf(message, PREAMBLE.length), PREAMBLE);
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
