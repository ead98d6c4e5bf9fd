package io.weft.core.rpc;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * The per-application secret that every Weft port checks its peers against. The launcher generates
 * it at submission, keeps it in the application's 0700 staging directory (0600, for {@code weft
 * savepoint}), and hands it to the ApplicationMaster, which hands it to its TaskManagers, in the
 * containers' credentials ({@link #containerTokens()}), as YARN passes secrets.
 *
 * <p>The secret never leaves the process otherwise: the RPC handshake only sends HMACs of random
 * nonces, and {@link #toString()} redacts it so that it cannot end up in a log.
 */
public final class RpcSecret {
  /** The secret key under which a container's credentials carry the secret. */
  static final Text CREDENTIALS_KEY = new Text("weft.application.secret");
  /** Length of the secret in bytes. */
  public static final int LENGTH = 32;
  /** Where YARN tells a container its token file is (UserGroupInformation.HADOOP_TOKEN_FILE_LOCATION). */
  static final String TOKEN_FILE_ENV = "HADOOP_TOKEN_FILE_LOCATION";

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

  /**
   * The credentials a Weft container is launched with: this secret as a secret key, and nothing
   * else. YARN keeps a launch context's tokens in the container's private token file (read by
   * {@link UserGroupInformation} at login), never in {@code launch_container.sh}, the container's
   * environment or its command line, which the NodeManager writes where others can read them.
   */
  public ByteBuffer containerTokens() {
    Credentials credentials = new Credentials();
    credentials.addSecretKey(CREDENTIALS_KEY, bytes.clone());
    try (DataOutputBuffer out = new DataOutputBuffer()) {
      credentials.writeTokenStorageToStream(out);
      return ByteBuffer.wrap(Arrays.copyOf(out.getData(), out.getLength()));
    } catch (IOException e) {
      throw new IllegalStateException("writing credentials to memory cannot fail", e);
    }
  }

  /** The secret this container was launched with ({@link #containerTokens()}), from the current user's credentials. */
  public static RpcSecret fromContainerCredentials() throws IOException {
    return fromCredentials(UserGroupInformation.getCurrentUser().getCredentials(), "this process's credentials");
  }

  /**
   * The same secret, read straight from the container's token file ({@code HADOOP_TOKEN_FILE_LOCATION},
   * where the NodeManager puts a launch context's tokens and where {@link UserGroupInformation} reads
   * them at login); {@link #fromContainerCredentials} when the variable is not set. A TaskManager
   * needs nothing else of Hadoop's security before it registers, and the login's first use in a JVM
   * (its configuration, groups and login modules) cost ~0.3 s of the start of every fresh container.
   */
  public static RpcSecret fromContainerTokenFile(Map<String, String> env) throws IOException {
    String location = env.get(TOKEN_FILE_ENV);
    if (location == null || location.isBlank()) {
      return fromContainerCredentials();
    }
    // The Configuration argument is unused by Hadoop's reader: passing one would load Configuration for nothing.
    return fromCredentials(Credentials.readTokenStorageFile(new File(location), null), "the credentials of the token file " + location);
  }

  private static RpcSecret fromCredentials(Credentials credentials, String where) {
    byte[] key = credentials.getSecretKey(CREDENTIALS_KEY);
    if (key == null) {
      throw new IllegalStateException("the application secret is not among " + where + ": this"
          + " process was not started by the Weft launcher or ApplicationMaster, which pass it in the container's"
          + " tokens");
    }
    if (key.length != LENGTH) {
      throw new IllegalStateException("the application secret in " + where + " has " + key.length
          + " bytes, not " + LENGTH);
    }
    return new RpcSecret(key.clone());
  }

  /** The text form (the staging directory's secret file). Treat the result as the secret itself: never log it. */
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
