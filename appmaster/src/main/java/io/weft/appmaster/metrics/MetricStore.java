package io.weft.appmaster.metrics;

import io.weft.core.rpc.Heartbeat;
import io.weft.core.rpc.MetricScope;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest metrics each TaskManager reported with its heartbeat (its JVM's, its slots' and its
 * tasks' metric groups). A report replaces that TaskManager's previous one whole, so metrics of
 * tasks that are gone disappear with the next heartbeat. Written by the RPC threads, read by the web
 * server's; every report is immutable.
 */
public final class MetricStore {
  /** A TaskManager not heard from for this long is lost (see the JobManager): its metrics are no longer shown. */
  static final long STALE_MILLIS = 30_000;

  /** One TaskManager's report, as received. */
  public record Report(String taskManagerId, long receivedAtMillis, List<MetricScope> scopes) {}

  private final Map<String, Report> reports = new ConcurrentHashMap<>();

  /** Keeps the metrics of a TaskManager's heartbeat. */
  public void accept(Heartbeat heartbeat) {
    accept(heartbeat.senderId(), heartbeat.metrics(), System.currentTimeMillis());
  }

  public void accept(String taskManagerId, List<MetricScope> scopes, long nowMillis) {
    if (!scopes.isEmpty()) {
      reports.put(taskManagerId, new Report(taskManagerId, nowMillis, scopes));
    }
  }

  /** The reports of TaskManagers heard from recently, by TaskManager id. */
  public List<Report> current(long nowMillis) {
    List<Report> out = new ArrayList<>();
    for (Report r : reports.values()) {
      if (nowMillis - r.receivedAtMillis() <= STALE_MILLIS) {
        out.add(r);
      }
    }
    out.sort(Comparator.comparing(Report::taskManagerId));
    return out;
  }

  /** The last report of {@code taskManagerId}, however old (a lost TaskManager's last word); or null. */
  public Report last(String taskManagerId) {
    return reports.get(taskManagerId);
  }

  public List<Report> current() {
    return current(System.currentTimeMillis());
  }
}
