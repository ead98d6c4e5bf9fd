package io.weft.launcher.yarn;

import io.weft.appmaster.web.ActionSignature;
import io.weft.core.rpc.RpcSecret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The signed REST actions of a running ApplicationMaster ({@code api/v1/jobs/<jobId>/cancel}),
 * sent to its own web address (YARN's original tracking URL), not through the ResourceManager's
 * proxy: the CLI needs no hop, and the signature, not the path, is what authenticates it.
 */
final class JobManagerRest {
  private final HttpClient http;
  private final Duration timeout;

  JobManagerRest(Duration timeout) {
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /**
   * Asks the JobManager at {@code trackingUrl} to cancel {@code jobId}.
   *
   * @return null when it accepted (the job then ends CANCELED and is archived), else why not
   */
  String cancel(String trackingUrl, String jobId, RpcSecret secret) {
    if (trackingUrl == null || !trackingUrl.startsWith("http")) {
      return "YARN reports no web address for its ApplicationMaster (tracking URL " + trackingUrl + ")";
    }
    String base = trackingUrl.endsWith("/") ? trackingUrl.substring(0, trackingUrl.length() - 1) : trackingUrl;
    String path = "/api/v1/jobs/" + jobId + "/cancel";
    String query = ActionSignature.signedQuery(secret, "PUT", path, Map.of(), System.currentTimeMillis());
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path + "?" + query)).timeout(timeout)
        .PUT(HttpRequest.BodyPublishers.noBody()).build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (response.statusCode() == 202) {
        return null;
      }
      return "it answered " + response.statusCode() + ": " + response.body().strip();
    } catch (IOException e) {
      return "it did not answer at " + base + " within " + timeout.toSeconds() + " s: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while asking it";
    }
  }
}
