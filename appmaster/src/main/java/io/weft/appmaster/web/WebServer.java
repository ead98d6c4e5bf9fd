package io.weft.appmaster.web;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import io.weft.core.security.TlsContext;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JobManager's HTTP server, which YARN's tracking URL points at: the web UI (static files from
 * this jar), the REST API under {@code /api/v1/}, and {@code /metrics} for Prometheus. What it
 * answers is {@link WebRoutes}; this class is the transport.
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
 *
 * <p>Slow or hostile clients: connections are read by netty without a thread each, so a client
 * that sends part of a request holds no thread. A request must arrive whole (line, headers and body,
 * bounded in size) within the request timeout of the connection's opening or of the previous
 * answer, else the connection gets 408 and is closed. Complete requests are answered on a few
 * worker threads, which only ever wait for the JobManager's snapshot (bounded) and never for a
 * client; a savepoint's answer waits for the savepoint without holding one.
 */
public final class WebServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
  /** How long a client has to send a whole request, by default. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_INITIAL_LINE = 8192;
  private static final int MAX_HEADERS = 16 * 1024;
  private static final int MAX_BODY = 64 * 1024;
  private static final int WORKERS = 4;

  /** What answers a complete request. */
  private interface Routes {
    CompletableFuture<WebRoutes.Response> answer(String method, String uri, String remote);
  }

  private final Routes routes;
  /** The job's routes, which get the metric reports; null on the history server. */
  private final WebRoutes jobRoutes;
  private final long requestTimeoutMillis;
  private final NioEventLoopGroup eventLoops;
  private final ExecutorService workers;
  private final ChannelGroup channels = new DefaultChannelGroup("weft-web", GlobalEventExecutor.INSTANCE);
  private final Channel serverChannel;
  private final TlsContext tls;

  /** Where {@code /metrics}, {@code api/v1/metrics} and the UI's metric tables get the TaskManagers' metrics. */
  public void setMetricReports(Supplier<java.util.List<io.weft.appmaster.metrics.MetricStore.Report>> reports) {
    if (jobRoutes != null) {
      jobRoutes.setMetricReports(reports);
    }
  }

  public WebServer(int port, Supplier<JobView> views, Supplier<JobActions> actions, ActionSignature signature,
      long refreshMillis) throws IOException {
    this(port, views, actions, signature, refreshMillis, DEFAULT_REQUEST_TIMEOUT);
  }

  /**
   * @param views the job's current snapshot
   * @param actions what cancel and savepoint do; may supply null while the job is not running yet
   * @param requestTimeout how long a client has to send a whole request
   */
  public WebServer(int port, Supplier<JobView> views, Supplier<JobActions> actions, ActionSignature signature,
      long refreshMillis, Duration requestTimeout) throws IOException {
    this(port, views, actions, signature, refreshMillis, requestTimeout, null);
  }

  /** @param tls HTTPS only ({@code security.ssl.rest.enabled}); null for HTTP */
  public WebServer(int port, Supplier<JobView> views, Supplier<JobActions> actions, ActionSignature signature,
      long refreshMillis, Duration requestTimeout, TlsContext tls) throws IOException {
    this(port, new WebRoutes(views, actions, signature, refreshMillis), requestTimeout, tls);
  }

  /** The history server: ended jobs' archived pages and documents, read-only, with this server's defences. */
  public static WebServer serveArchive(int port, ArchivedJobs archive) throws IOException {
    return new WebServer(port, null, new ArchiveRoutes(archive)::answer, DEFAULT_REQUEST_TIMEOUT, null);
  }

  private WebServer(int port, WebRoutes jobRoutes, Duration requestTimeout, TlsContext tls) throws IOException {
    this(port, jobRoutes, jobRoutes::answer, requestTimeout, tls);
  }

  private WebServer(int port, WebRoutes jobRoutes, Routes routes, Duration requestTimeout, TlsContext tls)
      throws IOException {
    this.tls = tls;
    this.jobRoutes = jobRoutes;
    this.routes = routes;
    this.requestTimeoutMillis = Math.max(1, requestTimeout.toMillis());
    eventLoops = new NioEventLoopGroup(1, new DefaultThreadFactory("weft-web-io", true));
    AtomicInteger n = new AtomicInteger();
    workers = Executors.newFixedThreadPool(WORKERS, r -> {
      Thread t = new Thread(r, "weft-web-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      serverChannel = new ServerBootstrap().group(eventLoops).channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              channels.add(ch);
              if (tls != null) {
                // The handshake is bounded like a request, so a slow TLS client holds nothing either.
                SslHandler ssl = new SslHandler(tls.serverEngine());
                ssl.setHandshakeTimeoutMillis(requestTimeoutMillis);
                ch.pipeline().addLast("tls", ssl);
              }
              ch.pipeline().addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, MAX_BODY),
                  new HttpObjectAggregator(MAX_BODY), new Exchange());
            }
          }).bind(new InetSocketAddress(port)).syncUninterruptibly().channel();
    } catch (RuntimeException e) {
      shutdown();
      throw new IOException("cannot serve the web UI on port " + port + " (" + WebOptions.PORT.key() + "): " + e, e);
    }
  }

  /** {@code https} with TLS, else {@code http}. */
  public String scheme() {
    return tls != null ? "https" : "http";
  }

  public int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /** One connection: waits for whole requests (each within the timeout) and writes their answers in order. */
  private final class Exchange extends SimpleChannelInboundHandler<FullHttpRequest> {
    private ScheduledFuture<?> deadline;

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
      arm(ctx, false);
      super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      disarm();
      super.channelInactive(ctx);
    }

    /**
     * Closes the connection unless a whole request arrives in time. A new connection is told 408; an
     * idle kept-alive one is closed without a word, since a client about to reuse it would take an
     * unasked answer for the answer to its next request.
     */
    private void arm(ChannelHandlerContext ctx, boolean afterAnswer) {
      disarm();
      deadline = ctx.executor().schedule(() -> {
        if (afterAnswer) {
          LOG.debug("Closing the idle web connection from {}", remote(ctx.channel()));
          ctx.close();
          return;
        }
        LOG.warn("Closing the web connection from {}: no whole request within {} ms", remote(ctx.channel()),
            requestTimeoutMillis);
        write(ctx, new WebRoutes.Response(408, "application/json",
            RestDocuments.error("no whole request within " + requestTimeoutMillis + " ms")), false);
      }, requestTimeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void disarm() {
      if (deadline != null) {
        deadline.cancel(false);
        deadline = null;
      }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      disarm();
      ctx.channel().config().setAutoRead(false); // one request at a time: answers go out in order
      if (!request.decoderResult().isSuccess()) {
        write(ctx, WebRoutes.Response.error(400, "malformed request: " + request.decoderResult().cause()), false);
        return;
      }
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      String method = request.method().name();
      String uri = request.uri();
      String remote = remote(ctx.channel());
      try {
        workers.execute(() -> routes.answer(method, uri, remote).whenComplete((response, failure) ->
            write(ctx, failure == null ? response : WebRoutes.Response.error(500, failure.toString()), keepAlive)));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        write(ctx, WebRoutes.Response.error(503, "the ApplicationMaster is shutting down"), false);
      }
    }

    private void write(ChannelHandlerContext ctx, WebRoutes.Response r, boolean keepAlive) {
      byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
      FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
          Unpooled.wrappedBuffer(body));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, r.type() + "; charset=utf-8")
          .set(HttpHeaderNames.CACHE_CONTROL, "no-store").set("X-Content-Type-Options", "nosniff")
          .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
      HttpUtil.setKeepAlive(response, keepAlive);
      ctx.writeAndFlush(response).addListener((ChannelFutureListener) f -> {
        if (!keepAlive || !f.isSuccess()) {
          f.channel().close();
        } else {
          arm(ctx, true); // the next request has its own time
          f.channel().config().setAutoRead(true);
        }
      });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.debug("Web connection from {} failed: {}", remote(ctx.channel()), cause.toString());
      ctx.close();
    }
  }

  private static String remote(Channel channel) {
    SocketAddress a = channel.remoteAddress();
    return a instanceof InetSocketAddress i && i.getAddress() != null ? i.getAddress().getHostAddress()
        : String.valueOf(a);
  }

  @Override
  public void close() {
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
    }
    channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    shutdown();
  }

  private void shutdown() {
    workers.shutdownNow();
    eventLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
