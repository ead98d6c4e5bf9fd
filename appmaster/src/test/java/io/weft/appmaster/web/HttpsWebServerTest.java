package io.weft.appmaster.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.core.config.Configuration;
import io.weft.core.container.ContainerContract;
import io.weft.core.rpc.RpcSecret;
import io.weft.core.security.SecurityOptions;
import io.weft.core.security.TlsContext;
import io.weft.core.security.TlsMaterial;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code security.ssl.rest.enabled} without a keystore of its own: the web server serves HTTPS with
 * the application's generated certificate (staged as the launcher stages it); a client trusting it
 * reads the REST API, a plain HTTP client and a client trusting only the JDK's CAs get nothing.
 */
class HttpsWebServerTest {
  @TempDir static Path dir;
  private static final RpcSecret secret = RpcSecret.generate();
  private WebServer server;
  private TlsContext clientTrust;

  /** Once for the class: keytool takes a JVM start. */
  @BeforeAll
  static void generate() throws Exception {
    Path keystore = dir.resolve(ContainerContract.TLS_KEYSTORE_FILE);
    TlsMaterial.generate(keystore, secret, "application_1_0001");
    Files.copy(keystore, dir.resolve(ContainerContract.TLS_TRUSTSTORE_FILE));
  }

  @BeforeEach
  void start() throws Exception {
    Path keystore = dir.resolve(ContainerContract.TLS_KEYSTORE_FILE);
    Configuration conf = new Configuration();
    conf.set(SecurityOptions.SSL_REST_ENABLED, true);
    TlsMaterial.StagedFiles staged = name -> Files.readAllBytes(dir.resolve(name));
    TlsContext tls = TlsMaterial.rest(conf, secret, staged);
    server = new WebServer(0, () -> JobView.placeholder("application_1_0001", 1, "STARTING", Map.of()), () -> null,
        new ActionSignature(secret, 60_000), 1000, WebServer.DEFAULT_REQUEST_TIMEOUT, tls);
    // What an HTTPS client of the REST API needs: the truststore, with its (derived) password.
    clientTrust = TlsContext.of(null, null, TlsContext.load(Files.readAllBytes(keystore),
        TlsMaterial.generatedPassword(secret), "truststore"), false);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpURLConnection open(String scheme, TlsContext trust) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(scheme + "://127.0.0.1:" + server.port() + "/api/v1/overview")
        .openConnection();
    c.setConnectTimeout(5000);
    c.setReadTimeout(15_000);
    if (c instanceof HttpsURLConnection https && trust != null) {
      https.setSSLSocketFactory(trust.sslContext().getSocketFactory());
      // The generated certificate names the application, not a host (none is known at submission).
      https.setHostnameVerifier((host, session) -> true);
    }
    return c;
  }

  @Test
  void aClientTrustingTheApplicationsCertificateReadsTheRestApi() throws Exception {
    assertEquals("https", server.scheme());
    HttpURLConnection c = open("https", clientTrust);
    try (InputStream in = c.getInputStream()) {
      assertEquals(200, c.getResponseCode());
      assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("\"state\":\"STARTING\""));
    }
  }

  @Test
  void plainHttpGetsNoAnswer() throws Exception {
    HttpURLConnection c = open("http", null);
    assertThrows(IOException.class, c::getResponseCode);
  }

  @Test
  void aClientTrustingOnlyTheDefaultAuthoritiesRefusesTheCertificate() throws Exception {
    HttpURLConnection c = open("https", null);
    assertThrows(SSLException.class, c::getResponseCode);
  }
}
