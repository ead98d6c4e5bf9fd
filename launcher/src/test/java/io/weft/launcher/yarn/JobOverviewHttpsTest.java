package io.weft.launcher.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.weft.appmaster.web.ActionSignature;
import io.weft.appmaster.web.JobView;
import io.weft.appmaster.web.WebServer;
import io.weft.core.config.Configuration;
import io.weft.core.container.ContainerContract;
import io.weft.core.rpc.RpcSecret;
import io.weft.core.security.SecurityOptions;
import io.weft.core.security.TlsContext;
import io.weft.core.security.TlsMaterial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** weft run's progress lines read the REST API of a web server on HTTPS with the application's certificate. */
class JobOverviewHttpsTest {
  @TempDir Path dir;

  @Test
  void theOverviewIsReadOverHttpsTrustingTheStagedTruststore() throws Exception {
    RpcSecret secret = RpcSecret.generate();
    TlsMaterial.generate(dir.resolve(ContainerContract.TLS_KEYSTORE_FILE), secret, "application_1_0001");
    Files.copy(dir.resolve(ContainerContract.TLS_KEYSTORE_FILE), dir.resolve(ContainerContract.TLS_TRUSTSTORE_FILE));
    Configuration conf = new Configuration();
    conf.set(SecurityOptions.SSL_REST_ENABLED, true);
    TlsMaterial.StagedFiles staged = name -> Files.readAllBytes(dir.resolve(name));
    try (WebServer server = new WebServer(0, () -> JobView.placeholder("application_1_0001", 1, "RUNNING", Map.of()),
        () -> null, new ActionSignature(secret, 60_000), 1000, WebServer.DEFAULT_REQUEST_TIMEOUT,
        TlsMaterial.rest(conf, secret, staged))) {
      String url = "https://127.0.0.1:" + server.port() + "/";
      TlsContext trust = TlsMaterial.restClient(conf, secret, staged);
      assertFalse(TlsMaterial.restClientVerifiesHost(conf));

      JobOverview overview = JobOverview.fetch(url, trust, false);

      assertNotNull(overview, "the overview over HTTPS");
      assertEquals("RUNNING", overview.state());
      assertNull(JobOverview.fetch(url), "not without trusting the application's certificate");
    }
  }
}
