package io.weft.launcher.yarn;

import java.io.IOException;
import java.io.InputStream;
import io.weft.core.security.TlsContext;
import java.net.HttpURLConnection;
import javax.net.ssl.HttpsURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the attached {@code weft run} prints while the job runs, read from the JobManager's REST API
 * ({@code api/v1/overview} below the tracking URL, through the ResourceManager's proxy).
 *
 * @param allRunningAfterMillis time from {@code weft run} to all tasks RUNNING; -1 until then
 * @param lastCheckpoint e.g. "7 COMPLETED in 85 ms"; empty if none ended yet
 * @param pendingResources why TaskManager containers wait for YARN; null while none waits long
 * @param lastFailure the latest failure's message (a lost TaskManager, a memory kill, a task's
 *     exception); null while none happened
 */
record JobOverview(String state, int runningTasks, int totalTasks, double recordsPerSecond, String lastCheckpoint,
    long allRunningAfterMillis, String pendingResources, String lastFailure) {
  private static final Pattern STATE = Pattern.compile("\"state\":\"([A-Z_]+)\"");
  private static final Pattern TASKS = Pattern.compile("\"tasks\":\\{([^}]*)\\}");
  private static final Pattern RATE = Pattern.compile("\"sourceRecordsPerSecond\":([0-9.eE+-]+|null)");
  private static final Pattern RUNNING_AFTER = Pattern.compile("\"allTasksRunningAfterMillis\":(-?\\d+)");
  private static final Pattern PENDING = Pattern.compile("\"pendingResources\":\"([^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+)\"");
  private static final Pattern LAST_FAILURE = Pattern.compile("\"lastFailure\":\"([^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+)\"");
  private static final Pattern CHECKPOINT = Pattern.compile(
      "\"lastCheckpoint\":\\{\"id\":(\\d+),\"status\":\"([A-Z_]+)\"[^}]*\"durationMillis\":(-?\\d+)");

  /** The overview below {@code trackingUrl}; null when it cannot be had (not up yet, not a Weft page). */
  static JobOverview fetch(String trackingUrl) {
    return fetch(trackingUrl, null, true);
  }

  /**
   * Over HTTPS with {@code trust} (security.ssl.rest.enabled; null: the JDK's defaults), checking
   * the host name only with {@code verifyHost} (see TlsMaterial.restClientVerifiesHost).
   */
  static JobOverview fetch(String trackingUrl, TlsContext trust, boolean verifyHost) {
    if (trackingUrl == null || !trackingUrl.startsWith("http")) {
      return null;
    }
    String base = trackingUrl.endsWith("/") ? trackingUrl : trackingUrl + "/";
    try {
      HttpURLConnection c = (HttpURLConnection) new URL(base + "api/v1/overview").openConnection();
      if (c instanceof HttpsURLConnection https && trust != null) {
        https.setSSLSocketFactory(trust.sslContext().getSocketFactory());
        if (!verifyHost) {
          https.setHostnameVerifier((host, session) -> true);
        }
      }
      c.setConnectTimeout(1000);
      c.setReadTimeout(2000);
      c.setInstanceFollowRedirects(false);
      try (InputStream in = c.getInputStream()) {
        return c.getResponseCode() == 200 ? parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)) : null;
      } finally {
        c.disconnect();
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static JobOverview parse(String json) {
    Matcher state = STATE.matcher(json);
    Matcher tasks = TASKS.matcher(json);
    if (!state.find() || !tasks.find()) {
      return null;
    }
    int total = count(tasks.group(1), "total");
    int running = count(tasks.group(1), "RUNNING");
    Matcher rate = RATE.matcher(json);
    double perSecond = rate.find() && !rate.group(1).equals("null") ? Double.parseDouble(rate.group(1)) : 0;
    Matcher after = RUNNING_AFTER.matcher(json);
    Matcher checkpoint = CHECKPOINT.matcher(json);
    String last = checkpoint.find() ? checkpoint.group(1) + " " + checkpoint.group(2) + " in "
        + checkpoint.group(3) + " ms" : "";
    Matcher pending = PENDING.matcher(json);
    Matcher failure = LAST_FAILURE.matcher(json);
    return new JobOverview(state.group(1), running, total, perSecond, last,
        after.find() ? Long.parseLong(after.group(1)) : -1, pending.find() ? unescape(pending.group(1)) : null,
        failure.find() ? unescape(failure.group(1)) : null);
  }

  /** The JSON string escapes the JobManager's writer uses. */
  private static String unescape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 == s.length()) {
        b.append(c);
        continue;
      }
      char n = s.charAt(++i);
      switch (n) {
        case 'n' -> b.append('\n');
        case 't' -> b.append('\t');
        case 'r' -> b.append('\r');
        case 'u' -> {
          if (i + 4 < s.length()) {
            b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
            i += 4;
          }
        }
        default -> b.append(n);
      }
    }
    return b.toString();
  }

  private static int count(String tasks, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(tasks);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  /** The progress line's text after the time. */
  String line() {
    return String.format(Locale.ROOT, "%s, %d/%d tasks running, %s records/s, last checkpoint %s", state,
        runningTasks, totalTasks, recordsPerSecond < 10 ? String.format(Locale.ROOT, "%.1f", recordsPerSecond)
            : String.valueOf(Math.round(recordsPerSecond)), lastCheckpoint.isEmpty() ? "none" : lastCheckpoint)
        + (pendingResources == null ? "" : "\n  " + pendingResources);
  }
}
