package io.weft.appmaster.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.core.rpc.RpcSecret;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clients that open a request and never finish it: they must neither keep other requests from
 * being answered nor hold their connection past the request timeout.
 */
@Timeout(300) // a hang guard above the client timeouts
class SlowClientsTest {
  private static final String HALF_OPEN = "GET /api/v1/overview HTTP/1.1\r\nHost: weft\r\nX-Slow: ";
  private final List<Socket> sockets = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(60)).build();
  private WebServer server;

  @AfterEach
  void close() throws Exception {
    for (Socket s : sockets) {
      s.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private Socket halfOpen() throws Exception {
    Socket s = new Socket("127.0.0.1", server.port());
    sockets.add(s);
    OutputStream out = s.getOutputStream();
    out.write(HALF_OPEN.getBytes(StandardCharsets.US_ASCII)); // headers never end
    out.flush();
    return s;
  }

  @Test
  void halfOpenRequestsDoNotStarveOthers() throws Exception {
    JobView view = JobView.placeholder("application_1_0001", 1, "RUNNING", Map.of());
    server = new WebServer(0, () -> view, () -> null, new ActionSignature(RpcSecret.generate(), 60_000), 1000,
        Duration.ofMinutes(5));
    for (int i = 0; i < 32; i++) {
      halfOpen();
    }
    for (String path : List.of("/metrics", "/api/v1/overview", "/")) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
          .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString()); // a starved request never comes
      assertEquals(200, r.statusCode(), path);
    }
  }

  @Test
  void anUnfinishedRequestIsClosedAfterTheRequestTimeout() throws Exception {
    JobView view = JobView.placeholder("application_1_0001", 1, "RUNNING", Map.of());
    server = new WebServer(0, () -> view, () -> null, new ActionSignature(RpcSecret.generate(), 60_000), 1000,
        Duration.ofMillis(300));
    Socket s = halfOpen();
    s.setSoTimeout(120_000); // a guard only: the server's close is the event waited for
    InputStream in = s.getInputStream();
    String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 408"), "closed, or told 408 first: " + answer);
  }
}
