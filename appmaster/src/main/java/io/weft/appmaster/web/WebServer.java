package io.weft.appmaster.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JobManager's HTTP server, which YARN's tracking URL points at: the web UI (static files from
 * this jar), the REST API under {@code /api/v1/}, and {@code /metrics} for Prometheus.
 *
 * <p>Behind the ResourceManager's web proxy. Users reach it as
 * {@code http://<rm>/proxy/<applicationId>/...}; the proxy strips that prefix and forwards GET and
 * PUT (not POST) with a fixed list of headers. Hence: pages link only relatively (the UI's script
 * derives every URL from the page's own location), the actions are accepted as POST and PUT and
 * authenticated by query parameters ({@link ActionSignature}), and paths are normalized (repeated
 * or trailing slashes).
 *
 * <p>YARN's {@code AmIpFilter} (for AMs with a servlet web app) redirects requests that do not come
 * from the proxy host to the proxy. This server deliberately answers direct requests too: its
 * views are read-only and hold no secrets (sensitive configuration values are masked), the actions
 * need the application secret whoever sends them, and the launcher and monitoring scrapers may
 * call it without the proxy hop.
 */
public final class WebServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
  private static final String RESOURCES = "/io/weft/appmaster/web/";
  private static final Pattern ACTION = Pattern.compile("/api/v1/jobs/([^/]+)/(cancel|savepoint)");
  private static final long SAVEPOINT_WAIT_MINUTES = 10;

  private final HttpServer server;
  private final ExecutorService threads;
  private final Supplier<JobView> views;
  private final Supplier<JobActions> actions;
  private final ActionSignature signature;
  private final long refreshMillis;
  private final Map<String, Function<JobView, String>> documents = Map.of(
      "/api/v1/overview", RestDocuments::overview,
      "/api/v1/jobs", RestDocuments::jobs,
      "/api/v1/vertices", RestDocuments::vertices,
      "/api/v1/checkpoints", RestDocuments::checkpoints,
      "/api/v1/taskmanagers", RestDocuments::taskManagers,
      "/api/v1/exceptions", RestDocuments::exceptions,
      "/api/v1/config", RestDocuments::configuration);

  /**
   * @param views the job's current snapshot
   * @param actions what cancel and savepoint do; may supply null while the job is not running yet
   */
  public WebServer(int port, Supplier<JobView> views, Supplier<JobActions> actions, ActionSignature signature,
      long refreshMillis) throws IOException {
    this.views = views;
    this.actions = actions;
    this.signature = signature;
    this.refreshMillis = refreshMillis;
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/", this::handle);
    AtomicInteger n = new AtomicInteger();
    threads = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "weft-web-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = normalize(rawPath(exchange.getRequestURI()));
      String method = exchange.getRequestMethod();
      Matcher action = ACTION.matcher(path);
      if (action.matches()) {
        if (!method.equals("POST") && !method.equals("PUT")) {
          send(exchange, 405, "application/json", RestDocuments.error(path + " takes POST (or PUT, which the "
              + "ResourceManager's proxy forwards), not " + method));
          return;
        }
        act(exchange, method, path, action.group(1), action.group(2));
        return;
      }
      if (!method.equals("GET")) {
        send(exchange, 405, "application/json", RestDocuments.error(path + " takes GET, not " + method));
        return;
      }
      Function<JobView, String> document = documents.get(path);
      if (document != null) {
        send(exchange, 200, "application/json", document.apply(views.get()));
      } else if (path.equals("/metrics")) {
        send(exchange, 200, "text/plain; version=0.0.4", PrometheusText.of(views.get()));
      } else if (path.equals("/") || path.equals("/index.html")) {
        send(exchange, 200, "text/html", resource("index.html").replace("{{refreshMillis}}", Long.toString(refreshMillis)));
      } else if (path.equals("/weft.css")) {
        send(exchange, 200, "text/css", resource("weft.css"));
      } else if (path.equals("/weft.js")) {
        send(exchange, 200, "text/javascript", resource("weft.js"));
      } else {
        send(exchange, 404, "application/json", RestDocuments.error("nothing at " + path + "; the REST API is under "
            + "api/v1/ (overview, jobs, vertices, checkpoints, taskmanagers, exceptions, config)"));
      }
    } catch (RuntimeException e) {
      LOG.warn("The web server could not answer {}: {}", exchange.getRequestURI(), e.toString());
      send(exchange, 500, "application/json", RestDocuments.error(e.toString()));
    }
  }

  private void act(HttpExchange exchange, String method, String path, String jobId, String what) throws IOException {
    Map<String, String> params = query(exchange.getRequestURI().getRawQuery());
    String refused = signature.verify(method, path, params, System.currentTimeMillis());
    if (refused != null) {
      LOG.warn("Refused {} {} from {}: {}", method, path, exchange.getRemoteAddress(), refused);
      send(exchange, 401, "application/json", RestDocuments.error("not authenticated: " + refused));
      return;
    }
    JobActions target = actions.get();
    String running = views.get().jobId();
    if (target == null) {
      send(exchange, 503, "application/json", RestDocuments.error("the job is not running yet"));
      return;
    }
    if (!jobId.equals(running)) {
      send(exchange, 404, "application/json", RestDocuments.error("no job " + jobId + " here; this ApplicationMaster"
          + " runs " + running));
      return;
    }
    LOG.info("{} of job {} requested through the REST API ({} {} from {})", what, jobId, method, path,
        exchange.getRemoteAddress());
    if (what.equals("cancel")) {
      target.cancel("canceled through the REST API (" + method + " " + path + " from "
          + exchange.getRemoteAddress().getAddress().getHostAddress() + ")");
      send(exchange, 202, "application/json", new JsonWriter().beginObject().field("jobId", jobId)
          .field("status", "CANCELING").endObject().toString());
      return;
    }
    String directory = params.getOrDefault("targetDirectory", "");
    boolean stopAfter = Boolean.parseBoolean(params.getOrDefault("stopAfter", "false"));
    try {
      String location = target.savepoint(directory, stopAfter).get(SAVEPOINT_WAIT_MINUTES, TimeUnit.MINUTES);
      send(exchange, 200, "application/json", new JsonWriter().beginObject().field("jobId", jobId)
          .field("savepoint", location).field("stopped", stopAfter).endObject().toString());
    } catch (TimeoutException e) {
      send(exchange, 504, "application/json", RestDocuments.error("the savepoint did not complete within "
          + SAVEPOINT_WAIT_MINUTES + " minutes"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      send(exchange, 503, "application/json", RestDocuments.error("the JobManager is shutting down"));
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      send(exchange, 500, "application/json", RestDocuments.error("the savepoint failed: "
          + (cause.getMessage() != null ? cause.getMessage() : cause.toString())));
    }
  }

  /**
   * The request's path as sent. A request line {@code GET //api/v1/jobs} parses as a URI whose
   * authority is {@code api}: a proxy joining a base that ends in '/' with a path that starts with one
   * sends that, so the authority is put back into the path.
   */
  static String rawPath(java.net.URI uri) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return uri.getScheme() == null && uri.getRawAuthority() != null ? "//" + uri.getRawAuthority() + path : path;
  }

  /** Collapses repeated slashes and drops a trailing one, so {@code //api/v1/jobs/} is {@code /api/v1/jobs}. */
  static String normalize(String rawPath) {
    String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath.replaceAll("/{2,}", "/");
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> params = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(key, value);
    }
    return params;
  }

  private static String resource(String name) {
    try (InputStream in = WebServer.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("the web UI's " + name + " is missing from the ApplicationMaster's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the web UI's " + name + ": " + e, e);
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
