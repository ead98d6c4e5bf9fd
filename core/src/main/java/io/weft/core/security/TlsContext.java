package io.weft.core.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;

/**
 * A JDK {@link SSLContext} and how its engines are set up: TLS 1.3 or 1.2 only and, when mutual,
 * the server requiring the client's certificate. The netty transports (rpc, dataplane, the web
 * server) wrap its engines in netty's {@code SslHandler}; core itself has no netty code. Peers are
 * trusted by the truststore alone (no host name check): internal TLS's truststore holds the one
 * certificate of the application, so a certificate of anyone else is refused whatever its name.
 */
public final class TlsContext {
  private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private final SSLContext context;
  private final boolean mutual;

  private TlsContext(SSLContext context, boolean mutual) {
    this.context = context;
    this.mutual = mutual;
  }

  /**
   * A context presenting the key of {@code keys} and trusting the certificates of {@code trust}
   * (null: present no key, e.g. for an HTTPS client; trust null: the JDK's default trust).
   */
  public static TlsContext of(KeyStore keys, char[] keyPassword, KeyStore trust, boolean mutual) {
    try {
      KeyManagerFactory kmf = null;
      if (keys != null) {
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, keyPassword);
      }
      TrustManagerFactory tmf = null;
      if (trust != null) {
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
      }
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
      return new TlsContext(ssl, mutual);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot set up TLS with the given keystore and truststore: " + e.getMessage(),
          e);
    }
  }

  /**
   * Reads a PKCS12 or JKS keystore; {@code what} names it (the option key or staged file) in the
   * error, which says whether the password or the format was wrong.
   */
  public static KeyStore load(byte[] bytes, char[] password, String what) throws IOException {
    IOException first = null;
    for (String type : List.of("PKCS12", "JKS")) {
      try {
        KeyStore store = KeyStore.getInstance(type);
        store.load(new ByteArrayInputStream(bytes), password);
        return store;
      } catch (IOException e) {
        if (e.getCause() instanceof java.security.UnrecoverableKeyException) {
          throw new IOException("cannot read " + what + ": wrong password", e);
        }
        first = first == null ? e : first;
      } catch (GeneralSecurityException e) {
        first = first == null ? new IOException(e.getMessage(), e) : first;
      }
    }
    throw new IOException("cannot read " + what + " as a PKCS12 or JKS keystore (or its password is wrong): "
        + first.getMessage(), first);
  }

  /** The engine of an accepted connection; it requires the client's certificate when mutual. */
  public SSLEngine serverEngine() {
    SSLEngine engine = context.createSSLEngine();
    engine.setUseClientMode(false);
    engine.setNeedClientAuth(mutual);
    engine.setEnabledProtocols(enabled(engine.getSupportedProtocols()));
    return engine;
  }

  /** The engine of a connection this process opens. */
  public SSLEngine clientEngine() {
    SSLEngine engine = context.createSSLEngine();
    engine.setUseClientMode(true);
    engine.setEnabledProtocols(enabled(engine.getSupportedProtocols()));
    return engine;
  }

  /** For JDK clients (HttpClient, HttpsURLConnection). */
  public SSLContext sslContext() {
    return context;
  }

  public boolean mutual() {
    return mutual;
  }

  private static String[] enabled(String[] supported) {
    List<String> s = Arrays.asList(supported);
    return Arrays.stream(PROTOCOLS).filter(s::contains).toArray(String[]::new);
  }
}
