package io.weft.appmaster.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import io.weft.appmaster.metrics.MetricStore;
import io.weft.appmaster.metrics.PrometheusRenderer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the web server answers to a complete request: the UI's files, the REST documents,
 * {@code /metrics} and the signed actions. Apart from the transport ({@link WebServer}), so that
 * what is answered and how connections are handled can be read one at a time.
 */
final class WebRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(WebRoutes.class);
  private static final String RESOURCES = "/io/weft/appmaster/web/";
  private static final Pattern ACTION = Pattern.compile("/api/v1/jobs/([^/]+)/(cancel|savepoint|rescale)");
  private static final Pattern SCALING = Pattern.compile("/api/v1/jobs/([^/]+)/scaling");
  static final long SAVEPOINT_WAIT_MINUTES = 10;

  /** An answer: status, content type (UTF-8 is added) and body. */
  record Response(int status, String type, String body) {
    static Response json(int status, String body) {
      return new Response(status, "application/json", body);
    }

    static Response error(int status, String message) {
      return json(status, RestDocuments.error(message));
    }
  }

  private final Supplier<JobView> views;
  private final Supplier<JobActions> actions;
  /** The TaskManagers' latest metric reports; none until the JobManager exists. */
  private volatile Supplier<List<MetricStore.Report>> metricReports = List::of;
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

  WebRoutes(Supplier<JobView> views, Supplier<JobActions> actions, ActionSignature signature, long refreshMillis) {
    this.views = views;
    this.actions = actions;
    this.signature = signature;
    this.refreshMillis = refreshMillis;
  }

  void setMetricReports(Supplier<List<MetricStore.Report>> reports) {
    this.metricReports = reports;
  }

  /**
   * Answers a request. May block while the JobManager takes its snapshot (at most a few seconds),
   * so it runs on the server's worker threads, never on a connection's; a savepoint is answered
   * when it completes, holding no thread meanwhile.
   *
   * @param uri the request target as sent
   * @param remote the client's address, for the logs
   */
  CompletableFuture<Response> answer(String method, String uri, String remote) {
    String path = normalize(rawPath(uri));
    try {
      Matcher action = ACTION.matcher(path);
      if (action.matches()) {
        if (!method.equals("POST") && !method.equals("PUT")) {
          return done(Response.error(405, path + " takes POST (or PUT, which the ResourceManager's proxy forwards),"
              + " not " + method));
        }
        return act(method, path, query(uri), action.group(1), action.group(2), remote);
      }
      if (!method.equals("GET")) {
        return done(Response.error(405, path + " takes GET, not " + method));
      }
      Function<JobView, String> document = documents.get(path);
      Matcher scaling = SCALING.matcher(path);
      if (scaling.matches() || path.equals("/api/v1/scaling")) {
        return done(scaling(scaling.matches() ? scaling.group(1) : null));
      }
      if (document != null) {
        return done(Response.json(200, document.apply(views.get())));
      } else if (path.equals("/metrics")) {
        JobView view = views.get();
        StringBuilder text = new StringBuilder(PrometheusText.of(view));
        PrometheusRenderer.render(metricReports.get(), view.applicationId(), view.jobName(), text);
        return done(new Response(200, "text/plain; version=0.0.4", text.toString()));
      } else if (path.equals("/api/v1/metrics")) {
        return done(Response.json(200, MetricsDocument.of(metricReports.get())));
      } else if (path.equals("/weft-metrics.js")) {
        return done(new Response(200, "text/javascript", resource("weft-metrics.js")));
      } else if (path.equals("/") || path.equals("/index.html")) {
        return done(new Response(200, "text/html",
            resource("index.html").replace("{{refreshMillis}}", Long.toString(refreshMillis))));
      } else if (path.equals("/weft.css")) {
        return done(new Response(200, "text/css", resource("weft.css")));
      } else if (path.equals("/weft.js")) {
        return done(new Response(200, "text/javascript", resource("weft.js")));
      }
      return done(Response.error(404, "nothing at " + path + "; the REST API is under api/v1/ (overview, jobs,"
          + " vertices, checkpoints, taskmanagers, exceptions, config, metrics, scaling)"));
    } catch (RuntimeException e) {
      LOG.warn("The web server could not answer {} {}: {}", method, path, e.toString());
      return done(Response.error(500, e.toString()));
    }
  }

  /** The autoscaler's latest decisions ({@code jobId} null: this ApplicationMaster's job). */
  private Response scaling(String jobId) {
    String running = views.get().jobId();
    if (jobId != null && !jobId.equals(running)) {
      return Response.error(404, "no job " + jobId + " here; this ApplicationMaster runs " + running);
    }
    JobActions target = actions.get();
    return Response.json(200, ScalingDocument.of(running, target == null ? null : target.scaling()));
  }

  private CompletableFuture<Response> act(String method, String path, Map<String, String> params, String jobId,
      String what, String remote) {
    String refused = signature.verify(method, path, params, System.currentTimeMillis());
    if (refused != null) {
      LOG.warn("Refused {} {} from {}: {}", method, path, remote, refused);
      return done(Response.error(401, "not authenticated: " + refused));
    }
    JobActions target = actions.get();
    String running = views.get().jobId();
    if (target == null) {
      return done(Response.error(503, "the job is not running yet"));
    }
    if (!jobId.equals(running)) {
      return done(Response.error(404, "no job " + jobId + " here; this ApplicationMaster runs " + running));
    }
    LOG.info("{} of job {} requested through the REST API ({} {} from {})", what, jobId, method, path, remote);
    if (what.equals("cancel")) {
      target.cancel("canceled through the REST API (" + method + " " + path + " from " + remote + ")");
      return done(Response.json(202, new JsonWriter().beginObject().field("jobId", jobId)
          .field("status", "CANCELING").endObject().toString()));
    }
    if (what.equals("rescale")) {
      return rescale(target, jobId, params, method + " " + path + " from " + remote);
    }
    String directory = params.getOrDefault("targetDirectory", "");
    Boolean stopAfter = flag(params, "stopAfter");
    Boolean drain = flag(params, "drain");
    if (stopAfter == null || drain == null) {
      return done(Response.error(400, "stopAfter and drain take true or false, not '"
          + (stopAfter == null ? params.get("stopAfter") : params.get("drain")) + "'"));
    }
    if (drain && !stopAfter) {
      return done(Response.error(400, "drain=true needs stopAfter=true: only a stop-with-savepoint drains the job"));
    }
    return target.savepoint(directory, stopAfter, drain).orTimeout(SAVEPOINT_WAIT_MINUTES, TimeUnit.MINUTES)
        .handle((location, failure) -> {
          if (failure == null) {
            return Response.json(200, new JsonWriter().beginObject().field("jobId", jobId)
                .field("savepoint", location).field("stopped", stopAfter).field("drained", drain).endObject()
                .toString());
          }
          Throwable cause = failure instanceof CompletionException && failure.getCause() != null
              ? failure.getCause() : failure;
          if (cause instanceof TimeoutException) {
            return Response.error(504, "the savepoint did not complete within " + SAVEPOINT_WAIT_MINUTES + " minutes");
          }
          return Response.error(500, "the savepoint failed: "
              + (cause.getMessage() != null ? cause.getMessage() : cause.toString()));
        });
  }

  /**
   * {@code POST .../rescale?parallelism=N&vertex.NAME=N...}: answered once every task runs at its new
   * parallelism (200), or with why the job kept its old one (400 for a request that cannot be, 409 else).
   */
  private static CompletableFuture<Response> rescale(JobActions target, String jobId, Map<String, String> params,
      String by) {
    int parallelism;
    Map<String, Integer> vertices = new java.util.TreeMap<>();
    try {
      parallelism = positive("parallelism", params.getOrDefault("parallelism", "0"), true);
      for (Map.Entry<String, String> e : params.entrySet()) {
        if (e.getKey().startsWith("vertex.")) {
          vertices.put(e.getKey().substring("vertex.".length()), positive(e.getKey(), e.getValue(), false));
        }
      }
    } catch (IllegalArgumentException e) {
      return done(Response.error(400, e.getMessage()));
    }
    return target.rescale(parallelism, vertices, "the REST API (" + by + ")")
        .orTimeout(SAVEPOINT_WAIT_MINUTES, TimeUnit.MINUTES)
        .handle((summary, failure) -> {
          if (failure == null) {
            return Response.json(200, new JsonWriter().beginObject().field("jobId", jobId)
                .field("rescaled", summary).endObject().toString());
          }
          Throwable cause = failure instanceof CompletionException && failure.getCause() != null
              ? failure.getCause() : failure;
          if (cause instanceof TimeoutException) {
            return Response.error(504, "the rescale did not complete within " + SAVEPOINT_WAIT_MINUTES + " minutes");
          }
          return Response.error(cause instanceof IllegalArgumentException ? 400 : 409, "the rescale was refused: "
              + (cause.getMessage() != null ? cause.getMessage() : cause.toString()));
        });
  }

  /** A query parameter that must be a parallelism (or 0, not given, where {@code zeroAllowed}), else a message naming it. */
  private static int positive(String name, String value, boolean zeroAllowed) {
    if (zeroAllowed && value.trim().equals("0")) {
      return 0;
    }
    return io.weft.core.plan.KeyGroups.parseParallelism(name, value);
  }

  /** A boolean parameter, false when absent, null when it is neither true nor false. */
  private static Boolean flag(Map<String, String> params, String name) {
    String value = params.getOrDefault(name, "false");
    return value.equalsIgnoreCase("true") ? Boolean.TRUE : value.equalsIgnoreCase("false") ? Boolean.FALSE : null;
  }

  private static CompletableFuture<Response> done(Response r) {
    return CompletableFuture.completedFuture(r);
  }

  /**
   * The path of a request target as sent, without its query. {@code //api/v1/jobs} stays a path (a
   * proxy joining a base that ends in '/' with a path that starts with one sends that); an absolute
   * target ({@code http://host/path}) loses its scheme and authority.
   */
  static String rawPath(String uri) {
    String target = uri == null ? "" : uri;
    int query = target.indexOf('?');
    if (query >= 0) {
      target = target.substring(0, query);
    }
    int scheme = target.indexOf("://");
    if (scheme > 0 && target.substring(0, scheme).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
      int slash = target.indexOf('/', scheme + 3);
      target = slash < 0 ? "/" : target.substring(slash);
    }
    return target;
  }

  /** Collapses repeated slashes and drops a trailing one, so {@code //api/v1/jobs/} is {@code /api/v1/jobs}. */
  static String normalize(String rawPath) {
    String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath.replaceAll("/{2,}", "/");
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /** The request target's query parameters, URL-decoded. */
  static Map<String, String> query(String uri) {
    Map<String, String> params = new HashMap<>();
    int start = uri == null ? -1 : uri.indexOf('?');
    if (start < 0 || start == uri.length() - 1) {
      return params;
    }
    for (String pair : uri.substring(start + 1).split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(key, value);
    }
    return params;
  }

  static String resource(String name) {
    try (InputStream in = WebRoutes.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("the web UI's " + name + " is missing from the ApplicationMaster's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the web UI's " + name + ": " + e, e);
    }
  }
}
