package io.weft.examples;

import com.sun.net.httpserver.HttpServer;
import io.weft.api.datastream.AsyncDataStream;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.async.ResultFuture;
import io.weft.api.functions.async.RichAsyncFunction;
import io.weft.api.sink.Sink;
import io.weft.api.sink.SinkWriter;
import io.weft.api.functions.SubtaskInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Enriches clicks with the profile of their user through an async lookup against a small HTTP
 * service the example starts itself (the JDK's HTTP server, answering after {@code --latency-ms}),
 * and prints the throughput at capacity 1 and at capacity 100: with one request in flight the
 * job waits out every round trip; with a hundred it overlaps them.
 *
 * <p>{@code weft run -m local examples/target/weft-examples.jar -c io.weft.examples.AsyncEnrichClicks
 * [--clicks 2000] [--latency-ms 10] [--capacity <n>]} (without --capacity it runs both, one job
 * after the other, which only a local run can: on YARN main() builds one job).
 */
public final class AsyncEnrichClicks {
  private AsyncEnrichClicks() {}

  public static void main(String[] args) throws Exception {
    Args params = Args.parse(args);
    long clicks = params.optionalLong("clicks", 2000);
    long latencyMs = params.optionalLong("latency-ms", 10);
    long onlyCapacity = params.optionalLong("capacity", -1);
    HttpServer server = startProfileService(latencyMs);
    try {
      String url = "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/user/";
      System.out.println("Profile service at " + url + " answers after " + latencyMs + " ms");
      for (long capacity : onlyCapacity > 0 ? List.of(onlyCapacity) : List.of(1L, 100L)) {
        long start = System.nanoTime();
        run(url, clicks, (int) capacity);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("capacity %d: %d clicks enriched in %.2f s, %.0f clicks/s%n", capacity, clicks, seconds,
            clicks / seconds);
      }
    } finally {
      server.stop(0);
      ((ExecutorService) server.getExecutor()).shutdownNow();
    }
  }

  private static void run(String url, long clicks, int capacity) throws Exception {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    var users = env.fromSequence(0, clicks - 1).map(click -> "click-" + click + " user-" + (click % 50))
        .returns(String.class).name("Clicks");
    AsyncDataStream.orderedWait(users, new ProfileLookup(url), 30, TimeUnit.SECONDS, capacity)
        .name("Profile lookup")
        .sinkTo(new Discard()).name("Sink: discard");
    env.execute("Async enrich clicks, capacity " + capacity);
  }

  /** GET /user/<id> answers "<id>: segment <n>" after the latency, from a pool big enough to answer all at once. */
  static HttpServer startProfileService(long latencyMs) throws IOException {
    // Headers and body go out in two writes: without TCP_NODELAY the body waits for the client's
    // delayed ACK (40 ms on Linux), which would swamp the latency knob.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(128));
    server.createContext("/user/", exchange -> {
      try {
        Thread.sleep(latencyMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      String user = exchange.getRequestURI().getPath().substring("/user/".length());
      byte[] body = (user + ": segment " + Math.floorMod(user.hashCode(), 5)).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return server;
  }

  /** Looks the click's user up with the JDK's asynchronous HTTP client; the answer completes the future. */
  static final class ProfileLookup extends RichAsyncFunction<String, String> {
    private static final long serialVersionUID = 1L;
    private final String url;
    private transient ExecutorService pool;
    private transient HttpClient client;

    ProfileLookup(String url) {
      this.url = url;
    }

    @Override
    public void open() {
      pool = Executors.newFixedThreadPool(4);
      client = HttpClient.newBuilder().executor(pool).version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public void asyncInvoke(String click, ResultFuture<String> resultFuture) {
      String user = click.substring(click.indexOf(' ') + 1);
      client.sendAsync(HttpRequest.newBuilder(URI.create(url + user)).build(), HttpResponse.BodyHandlers.ofString())
          .whenComplete((response, error) -> {
            if (error != null) {
              resultFuture.completeExceptionally(error);
            } else {
              resultFuture.complete(List.of(click + " -> " + response.body()));
            }
          });
    }

    @Override
    public void close() {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  /** Drops what it gets: the example measures the lookup, not a sink. */
  static final class Discard implements Sink<String> {
    private static final long serialVersionUID = 1L;

    @Override
    public SinkWriter<String> createWriter(SubtaskInfo context) {
      return (value, timestamp) -> {};
    }
  }
}
