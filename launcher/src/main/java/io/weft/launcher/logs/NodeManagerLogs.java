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
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The logs of a running container, read from its NodeManager's REST API
 * ({@code /ws/v1/node/containers/<id>/logs} lists the files, {@code /ws/v1/node/containerlogs/<id>/<file>}
 * gives one), which serves the container's log directory while the container runs.
 */
final class NodeManagerLogs {
  private static final Pattern FILE_NAME = Pattern.compile("\"fileName\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern FILE_SIZE = Pattern.compile("\"fileSize\"\\s*:\\s*\"?(-?\\d+)");
  /** One file's entry in the listing: an object without nested objects. */
  private static final Pattern ENTRY = Pattern.compile("\\{[^{}]*\"fileName\"[^{}]*}");
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  /** A container and the web address of its NodeManager. */
  record LiveContainer(String id, String nodeId, String nodeHttpAddress) {}

  /**
   * Prints every log file of {@code container} ({@code type}: only that one), each cut to its last
   * {@code tailLines} lines unless that is negative.
   *
   * @return how many files were printed
   * @throws IOException naming the NodeManager when it cannot be read
   */
  int print(LiveContainer container, String type, int tailLines, PrintStream out) throws IOException {
    String base = base(container.nodeHttpAddress());
    int printed = 0;
    for (String file : files(base, container.id()).keySet()) {
      if (type != null && !type.equals(file)) {
        continue;
      }
      printed++;
      // The NodeManager answers in the same sections as aggregated logs: a header, LogContents:, the
      // file, then End of LogType:.
      String section = get(base + "/ws/v1/node/containerlogs/" + container.id() + "/"
          + URLEncoder.encode(file, StandardCharsets.UTF_8), "text/plain");
      out.print(LogText.tailSections(section, tailLines));
      out.println();
    }
    out.flush();
    return printed;
  }

  /** The log files of a running container by name, each with its size in bytes as the NodeManager lists it (-1: unknown). */
  SortedMap<String, Long> files(LiveContainer container) throws IOException {
    return files(base(container.nodeHttpAddress()), container.id());
  }

  /** The whole content of one log file of a running container (without the NodeManager's section header). */
  String content(LiveContainer container, String file) throws IOException {
    String section = get(base(container.nodeHttpAddress()) + "/ws/v1/node/containerlogs/" + container.id() + "/"
        + URLEncoder.encode(file, StandardCharsets.UTF_8), "text/plain");
    return LogText.content(section);
  }

  private SortedMap<String, Long> files(String base, String container) throws IOException {
    String listing = get(base + "/ws/v1/node/containers/" + container + "/logs", "application/json");
    SortedMap<String, Long> files = new TreeMap<>();
    Matcher entry = ENTRY.matcher(listing);
    while (entry.find()) {
      Matcher name = FILE_NAME.matcher(entry.group());
      Matcher size = FILE_SIZE.matcher(entry.group());
      if (name.find()) {
        files.put(name.group(1), size.find() ? Long.parseLong(size.group(1)) : -1L);
      }
    }
    return files;
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
