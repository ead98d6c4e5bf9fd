package io.weft.core.security;

import io.weft.core.config.ConfigOption;
import io.weft.core.config.Configuration;
import io.weft.core.container.ContainerContract;
import io.weft.core.rpc.RpcSecret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;

/**
 * Which keystores an application's TLS uses and how every process builds its {@link TlsContext}s
 * from them. The launcher stages the stores under {@link ContainerContract}'s names (0600 in the
 * 0700 staging directory); containers read them from their working directory, {@code weft
 * savepoint}/{@code stop} from the staging directory ({@link StagedFiles}).
 *
 * <p>With {@code security.ssl.internal.keystore} unset the launcher generates the keystore (a
 * self-signed certificate, also the truststore). Its password is derived from the application
 * secret, which every Weft process of the application has already, so no password is written into
 * the configuration, the environment or a file.
 */
public final class TlsMaterial {
  private static final int GENERATED_VALIDITY_DAYS = 3650;

  /** Reads a staged store by its {@link ContainerContract} name. */
  @FunctionalInterface
  public interface StagedFiles {
    byte[] read(String name) throws IOException;
  }

  private TlsMaterial() {}

  /** The files of a container's working directory. */
  public static StagedFiles workingDirectory() {
    return name -> Files.readAllBytes(Path.of(name));
  }

  /** Whether the application stages internal TLS's keystore and truststore (internal TLS, or HTTPS using them). */
  public static boolean needsInternalStores(Configuration conf) {
    return conf.get(SecurityOptions.SSL_INTERNAL_ENABLED)
        || (conf.get(SecurityOptions.SSL_REST_ENABLED) && conf.get(SecurityOptions.SSL_REST_KEYSTORE) == null);
  }

  /** Whether the launcher generates internal TLS's keystore (none is configured). */
  public static boolean generated(Configuration conf) {
    return needsInternalStores(conf) && conf.get(SecurityOptions.SSL_INTERNAL_KEYSTORE) == null;
  }

  /** The generated keystore's password: derived from the secret, so it is never stored anywhere. */
  public static char[] generatedPassword(RpcSecret secret) {
    byte[] mac = secret.hmac("weft-tls-keystore".getBytes(StandardCharsets.US_ASCII));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(mac).toCharArray();
  }

  /** Generates the per-application keystore into {@code file} (see {@link SelfSignedKeyStore}). */
  public static void generate(Path file, RpcSecret secret, String applicationId) throws IOException {
    SelfSignedKeyStore.generate(file, generatedPassword(secret), "weft " + applicationId, GENERATED_VALIDITY_DAYS);
  }

  /**
   * Checks on the client what the launcher will ship, with errors naming the key: a configured
   * keystore needs its truststore and passwords, and every store must read with its password.
   */
  public static void checkClientConfiguration(Configuration conf) throws IOException {
    if (needsInternalStores(conf) && conf.get(SecurityOptions.SSL_INTERNAL_KEYSTORE) != null) {
      if (conf.get(SecurityOptions.SSL_INTERNAL_TRUSTSTORE) == null) {
        throw new IllegalArgumentException(SecurityOptions.SSL_INTERNAL_KEYSTORE.key() + " is set but "
            + SecurityOptions.SSL_INTERNAL_TRUSTSTORE.key() + " is not: internal TLS needs both (or neither, for a "
            + "generated per-application certificate)");
      }
      readConfigured(conf, SecurityOptions.SSL_INTERNAL_KEYSTORE, SecurityOptions.SSL_INTERNAL_KEYSTORE_PASSWORD);
      readConfigured(conf, SecurityOptions.SSL_INTERNAL_TRUSTSTORE, SecurityOptions.SSL_INTERNAL_TRUSTSTORE_PASSWORD);
    }
    if (conf.get(SecurityOptions.SSL_REST_ENABLED) && conf.get(SecurityOptions.SSL_REST_KEYSTORE) != null) {
      readConfigured(conf, SecurityOptions.SSL_REST_KEYSTORE, SecurityOptions.SSL_REST_KEYSTORE_PASSWORD);
    }
  }

  private static KeyStore readConfigured(Configuration conf, ConfigOption<String> file, ConfigOption<String> password)
      throws IOException {
    Path path = Path.of(conf.get(file));
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(file.key() + "=" + path + " is not a readable file");
    }
    if (conf.get(password) == null) {
      throw new IllegalArgumentException(file.key() + " is set but " + password.key() + " is not");
    }
    return TlsContext.load(Files.readAllBytes(path), conf.get(password).toCharArray(), file.key() + "=" + path);
  }

  /**
   * Internal TLS (mutual) from the staged stores; null when {@code security.ssl.internal.enabled}
   * is off.
   */
  public static TlsContext internal(Configuration conf, RpcSecret secret, StagedFiles files) throws IOException {
    if (!conf.get(SecurityOptions.SSL_INTERNAL_ENABLED)) {
      return null;
    }
    return internalStores(conf, secret, files, true);
  }

  /** The web server's TLS (no client certificate asked); null when {@code security.ssl.rest.enabled} is off. */
  public static TlsContext rest(Configuration conf, RpcSecret secret, StagedFiles files) throws IOException {
    if (!conf.get(SecurityOptions.SSL_REST_ENABLED)) {
      return null;
    }
    if (conf.get(SecurityOptions.SSL_REST_KEYSTORE) == null) {
      return internalStores(conf, secret, files, false);
    }
    char[] password = conf.get(SecurityOptions.SSL_REST_KEYSTORE_PASSWORD).toCharArray();
    String keyPassword = conf.get(SecurityOptions.SSL_REST_KEY_PASSWORD);
    KeyStore keys = TlsContext.load(files.read(ContainerContract.TLS_REST_KEYSTORE_FILE), password,
        SecurityOptions.SSL_REST_KEYSTORE.key() + " (staged as " + ContainerContract.TLS_REST_KEYSTORE_FILE + ")");
    return TlsContext.of(keys, keyPassword != null ? keyPassword.toCharArray() : password, null, false);
  }

  /**
   * What an HTTPS client of the web server trusts ({@code weft run}'s progress lines): the
   * configured {@code security.ssl.rest.truststore}, else internal TLS's staged truststore when the
   * web server uses its certificate, else the JDK's default authorities; null when
   * {@code security.ssl.rest.enabled} is off. {@link #restClientVerifiesHost} says whether the host
   * name must match too.
   */
  public static TlsContext restClient(Configuration conf, RpcSecret secret, StagedFiles files) throws IOException {
    if (!conf.get(SecurityOptions.SSL_REST_ENABLED)) {
      return null;
    }
    KeyStore trust;
    if (conf.get(SecurityOptions.SSL_REST_TRUSTSTORE) != null) {
      Path path = Path.of(conf.get(SecurityOptions.SSL_REST_TRUSTSTORE));
      String password = conf.get(SecurityOptions.SSL_REST_TRUSTSTORE_PASSWORD);
      trust = TlsContext.load(Files.readAllBytes(path), password != null ? password.toCharArray() : null,
          SecurityOptions.SSL_REST_TRUSTSTORE.key() + "=" + path);
    } else if (!needsInternalStores(conf)) {
      return TlsContext.of(null, null, null, false); // a security.ssl.rest.keystore of its own: the JDK's CAs
    } else {
      char[] password = conf.get(SecurityOptions.SSL_INTERNAL_KEYSTORE) == null ? generatedPassword(secret)
          : conf.get(SecurityOptions.SSL_INTERNAL_TRUSTSTORE_PASSWORD).toCharArray();
      trust = TlsContext.load(files.read(ContainerContract.TLS_TRUSTSTORE_FILE), password,
          "internal TLS's truststore (staged as " + ContainerContract.TLS_TRUSTSTORE_FILE + ")");
    }
    return TlsContext.of(null, null, trust, false);
  }

  /**
   * Host names are checked against a configured REST truststore and the JDK's authorities; not against
   * the application's own truststore, whose one certificate names no host (none is known at
   * submission) and is trusted for this application alone.
   */
  public static boolean restClientVerifiesHost(Configuration conf) {
    return conf.get(SecurityOptions.SSL_REST_TRUSTSTORE) != null || !needsInternalStores(conf);
  }

  private static TlsContext internalStores(Configuration conf, RpcSecret secret, StagedFiles files, boolean mutual)
      throws IOException {
    char[] keystorePassword;
    char[] keyPassword;
    char[] truststorePassword;
    if (conf.get(SecurityOptions.SSL_INTERNAL_KEYSTORE) == null) {
      keystorePassword = keyPassword = truststorePassword = generatedPassword(secret);
    } else {
      keystorePassword = conf.get(SecurityOptions.SSL_INTERNAL_KEYSTORE_PASSWORD).toCharArray();
      String key = conf.get(SecurityOptions.SSL_INTERNAL_KEY_PASSWORD);
      keyPassword = key != null ? key.toCharArray() : keystorePassword;
      truststorePassword = conf.get(SecurityOptions.SSL_INTERNAL_TRUSTSTORE_PASSWORD).toCharArray();
    }
    KeyStore keys = TlsContext.load(files.read(ContainerContract.TLS_KEYSTORE_FILE), keystorePassword,
        "internal TLS's keystore (staged as " + ContainerContract.TLS_KEYSTORE_FILE + ")");
    KeyStore trust = TlsContext.load(files.read(ContainerContract.TLS_TRUSTSTORE_FILE), truststorePassword,
        "internal TLS's truststore (staged as " + ContainerContract.TLS_TRUSTSTORE_FILE + ")");
    return TlsContext.of(keys, keyPassword, trust, mutual);
  }
}
