package io.weft.launcher.logs;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The logs of a running container, read from its NodeManager's REST API
 * ({@code /ws/v1/node/containers/<id>/logs} lists the files, {@code /ws/v1/node/containerlogs/<id>/<file>}
 * gives one), which serves the container's log directory while the container runs.
 */
final class NodeManagerLogs {
  private static final Pattern FILE_NAME = Pattern.compile("\"fileName\"\\s*:\\s*\"([^\"]+)\"");
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  /** A container and the web address of its NodeManager. */
  record LiveContainer(String id, String nodeId, String nodeHttpAddress) {}

  /**
   * Prints every log file of {@code container}, each cut to its last {@code tailLines} lines unless
   * that is negative.
   *
   * @throws IOException naming the NodeManager when it cannot be read
   */
  void print(LiveContainer container, int tailLines, PrintStream out) throws IOException {
    String base = base(container.nodeHttpAddress());
    for (String file : files(base, container.id())) {
      // The NodeManager answers in the same sections as aggregated logs: a header, LogContents:, the
      // file, then End of LogType:.
      String section = get(base + "/ws/v1/node/containerlogs/" + container.id() + "/"
          + URLEncoder.encode(file, StandardCharsets.UTF_8), "text/plain");
      out.print(LogText.tailSections(section, tailLines));
      out.println();
    }
    out.flush();
  }

  private List<String> files(String base, String container) throws IOException {
    String listing = get(base + "/ws/v1/node/containers/" + container + "/logs", "application/json");
    Set<String> names = new LinkedHashSet<>();
    Matcher m = FILE_NAME.matcher(listing);
    while (m.find()) {
      names.add(m.group(1));
    }
    List<String> sorted = new ArrayList<>(names);
    sorted.sort(null);
    return sorted;
  }

  private String get(String url, String accept) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).header("Accept", accept).GET().build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading " + url, e);
    } catch (IOException e) {
      throw new IOException("cannot reach the NodeManager at " + url + ": " + e, e);
    }
    if (response.statusCode() != 200) {
      throw new IOException("the NodeManager answered " + response.statusCode() + " to " + url + ": "
          + response.body().strip());
    }
    return response.body();
  }

  private static String base(String nodeHttpAddress) {
    String address = nodeHttpAddress.endsWith("/") ? nodeHttpAddress.substring(0, nodeHttpAddress.length() - 1)
        : nodeHttpAddress;
    return address.startsWith("http://") || address.startsWith("https://") ? address : "http://" + address;
  }
}
