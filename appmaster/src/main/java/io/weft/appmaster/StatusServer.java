package io.weft.appmaster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The ApplicationMaster's tracking page: {@code GET /} answers a small JSON document (job, state,
 * attempt, tasks, TaskManagers; see {@link JobManager#statusJson()}). Read-only, so it needs no
 * authentication; it shows names and states, never configuration or secrets.
 */
final class StatusServer implements AutoCloseable {
  private final HttpServer server;

  StatusServer(Supplier<String> status) throws IOException {
    server = HttpServer.create(new InetSocketAddress(0), 0);
    server.createContext("/", exchange -> respond(exchange, status.get()));
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "weft-status-http");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
