package io.weft.core.rpc;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The per-application secret that every Weft port checks its peers against. The launcher generates
 * it at submission and YARN hands it to the ApplicationMaster and the containers in the
 * {@value #ENV_VAR} environment variable, base64-encoded.
 *
 * <p>The secret never leaves the process except through that variable: the RPC handshake only sends
 * HMACs of random nonces, and {@link #toString()} redacts it so that it cannot end up in a log.
 */
public final class RpcSecret {
  /** The container environment variable that carries the secret. */
  public static final String ENV_VAR = "WEFT_APP_SECRET";
  /** Length of the secret in bytes. */
  public static final int LENGTH = 32;

  private static final String HMAC = "HmacSHA256";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] bytes;

  private RpcSecret(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A new random secret, for the launcher at submission time. */
  public static RpcSecret generate() {
    byte[] b = new byte[LENGTH];
    RANDOM.nextBytes(b);
    return new RpcSecret(b);
  }

  /** Decodes the form {@link #toBase64()} produced. The error messages never repeat the input. */
  public static RpcSecret fromBase64(String encoded) {
    Objects.requireNonNull(encoded, "encoded secret");
    byte[] b;
    try {
      b = Base64.getDecoder().decode(encoded.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the application secret is not valid base64");
    }
    if (b.length != LENGTH) {
      throw new IllegalArgumentException(
          "the application secret must be " + LENGTH + " bytes, but it decodes to " + b.length);
    }
    return new RpcSecret(b);
  }

  /** Reads {@value #ENV_VAR} from the given environment (normally {@code System.getenv()}). */
  public static RpcSecret fromEnvironment(Map<String, String> env) {
    String encoded = env.get(ENV_VAR);
    if (encoded == null || encoded.isBlank()) {
      throw new IllegalStateException(ENV_VAR + " is not set: this process was not started by the Weft"
          + " launcher or ApplicationMaster, which pass the application's secret in that variable");
    }
    try {
      return fromBase64(encoded);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(ENV_VAR + " is malformed: " + e.getMessage(), e);
    }
  }

  /** The form for {@value #ENV_VAR}. Treat the result as the secret itself: never log it. */
  public String toBase64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** HMAC-SHA256 keyed with this secret over the concatenation of the parts. */
  public byte[] hmac(byte[]... parts) {
    try {
      // Mac instances are not thread-safe; one per call is cheap next to a network round trip.
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(bytes, HMAC));
      for (byte[] part : parts) {
        mac.update(part);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot compute " + HMAC, e);
    }
  }

  @Override
  public String toString() {
    return "RpcSecret[redacted]";
  }
}
