package io.weft.launcher.logs;

import io.weft.launcher.cli.CliException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptReport;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.LogAggregationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.ApplicationNotFoundException;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.logaggregation.ContainerLogMeta;

/**
 * {@code weft logs <applicationId|jobId> [--container ID] [--type FILE] [--tail N] [--follow]}: while
 * the application runs, its running containers' logs from their NodeManagers; once it ended, the logs
 * YARN aggregated to the cluster's file system. When neither is there, it says why and exits 1.
 * {@code --follow} is {@link LogFollower}.
 */
public final class ApplicationLogs implements AutoCloseable {
  private static final EnumSet<YarnApplicationState> ENDED = EnumSet.of(YarnApplicationState.FINISHED,
      YarnApplicationState.FAILED, YarnApplicationState.KILLED);

  private final YarnConfiguration conf;
  private final YarnClient yarn = YarnClient.createYarnClient();

  public ApplicationLogs(YarnConfiguration conf) {
    this.conf = conf;
    yarn.init(conf);
    yarn.start();
  }

  /**
   * @param container one container's logs, or null for all
   * @param type one log file (e.g. taskmanager.log), or null for all
   * @param tailLines the last lines of each file, or -1 for whole files
   * @return the exit code: 0 when logs were printed
   */
  public int print(ApplicationId app, String container, String type, int tailLines, PrintStream out)
      throws IOException, YarnException {
    ApplicationReport report = report(app);
    if (!ENDED.contains(report.getYarnApplicationState())) {
      return printLive(report, container, type, tailLines, out);
    }
    return printAggregated(report, container, type, tailLines, out);
  }

  /**
   * {@code --follow}: prints what the containers log while the application runs, then the rest from
   * the aggregated logs (see {@link LogFollower}).
   */
  public int follow(ApplicationId app, String container, String type, int tailLines, PrintStream out)
      throws IOException, YarnException, InterruptedException {
    ApplicationReport report = report(app);
    if (ENDED.contains(report.getYarnApplicationState())) {
      return printAggregated(report, container, type, tailLines, out);
    }
    return new LogFollower(this, conf, app, container, type, tailLines, out).run();
  }

  ApplicationReport report(ApplicationId app) throws IOException, YarnException {
    try {
      return yarn.getApplicationReport(app);
    } catch (ApplicationNotFoundException e) {
      throw new CliException("logs: the ResourceManager knows no application " + app + " (see 'weft list')");
    }
  }

  static boolean ended(ApplicationReport report) {
    return ENDED.contains(report.getYarnApplicationState());
  }

  /** The application's containers the ResourceManager lists with a NodeManager address, by id. */
  List<NodeManagerLogs.LiveContainer> liveContainers(ApplicationId app) throws IOException, YarnException {
    List<NodeManagerLogs.LiveContainer> live = new ArrayList<>();
    for (ApplicationAttemptReport attempt : yarn.getApplicationAttempts(app)) {
      for (ContainerReport c : yarn.getContainers(attempt.getApplicationAttemptId())) {
        if (c.getNodeHttpAddress() != null && !c.getNodeHttpAddress().isBlank()) {
          live.add(new NodeManagerLogs.LiveContainer(c.getContainerId().toString(), c.getAssignedNode().toString(),
              c.getNodeHttpAddress()));
        }
      }
    }
    live.sort((a, b) -> a.id().compareTo(b.id()));
    return live;
  }

  private int printLive(ApplicationReport report, String container, String type, int tailLines, PrintStream out)
      throws IOException, YarnException {
    ApplicationId app = report.getApplicationId();
    List<NodeManagerLogs.LiveContainer> live = liveContainers(app);
    if (container != null) {
      live.removeIf(c -> !c.id().equals(container));
      if (live.isEmpty()) {
        throw new CliException("logs: container " + container + " is not running in " + app + " (state "
            + report.getYarnApplicationState() + "); a container that ended shows its logs with the others once the"
            + " application ends and YARN has aggregated them");
      }
    }
    if (live.isEmpty()) {
      out.println("Application " + app + " is " + report.getYarnApplicationState() + " and has no running containers"
          + " yet, so there are no logs to read; try again once it runs.");
      return 1;
    }
    NodeManagerLogs nodeManagers = new NodeManagerLogs();
    int printed = 0;
    for (NodeManagerLogs.LiveContainer c : live) {
      try {
        printed += nodeManagers.print(c, type, tailLines, out);
      } catch (IOException e) {
        throw unreadable(c, e);
      }
    }
    if (printed == 0 && type != null) {
      out.println("No running container of " + app + (container == null ? "" : " named " + container)
          + " has a " + type + " (the JobManager writes jobmanager.*, TaskManagers taskmanager.*)");
      return 1;
    }
    return 0;
  }

  static CliException unreadable(NodeManagerLogs.LiveContainer c, IOException e) {
    return new CliException("logs: cannot read the logs of running container " + c.id() + ": " + e.getMessage()
        + " (is the NodeManager's web server, yarn.nodemanager.webapp.address, reachable from here?)");
  }

  int printAggregated(ApplicationReport report, String container, String type, int tailLines, PrintStream out)
      throws IOException {
    ApplicationId app = report.getApplicationId();
    AggregatedLogs aggregated = new AggregatedLogs(conf);
    List<ContainerLogMeta> containers = aggregated.containers(app, report.getUser());
    if (containers.isEmpty()) {
      throw new CliException("logs: " + app + " ended (" + report.getYarnApplicationState() + "), and "
          + whyNotAggregated(conf, report));
    }
    if (container != null && containers.stream().noneMatch(c -> c.getContainerId().equals(container))) {
      throw new CliException("logs: " + app + " has no aggregated logs of container " + container + "; it has those of "
          + String.join(", ", containers.stream().map(ContainerLogMeta::getContainerId).sorted().toList()));
    }
    if (report.getLogAggregationStatus() != LogAggregationStatus.SUCCEEDED) {
      out.println("(YARN's log aggregation of " + app + " is " + report.getLogAggregationStatus()
          + ": what follows may be incomplete)");
    }
    if (!aggregated.print(app, report.getUser(), container, type, tailLines, out) && type != null) {
      out.println("No aggregated " + type + " in the logs of " + (container == null ? app : container)
          + " (the JobManager writes jobmanager.*, TaskManagers taskmanager.*)");
      return 1;
    }
    return 0;
  }

  /** Why an ended application has no aggregated logs to read, from its report and the cluster's configuration. */
  static String whyNotAggregated(YarnConfiguration conf, ApplicationReport report) {
    LogAggregationStatus status = report.getLogAggregationStatus();
    String dir = conf.get(YarnConfiguration.NM_REMOTE_APP_LOG_DIR, YarnConfiguration.DEFAULT_NM_REMOTE_APP_LOG_DIR);
    if (status == null || status == LogAggregationStatus.DISABLED
        || !conf.getBoolean(YarnConfiguration.LOG_AGGREGATION_ENABLED, YarnConfiguration.DEFAULT_LOG_AGGREGATION_ENABLED)) {
      return "log aggregation is off on this cluster (" + YarnConfiguration.LOG_AGGREGATION_ENABLED + "), so its logs"
          + " stayed on the NodeManagers' disks (" + YarnConfiguration.NM_LOG_DIRS + ") and are not readable from here;"
          + " turn aggregation on for the logs of later applications";
    }
    if (status == LogAggregationStatus.NOT_START || status == LogAggregationStatus.RUNNING) {
      return "YARN is still aggregating its logs to " + dir + " (log aggregation " + status + "); try again in a few"
          + " seconds";
    }
    return "no aggregated logs of it are in " + dir + " (log aggregation " + status
        + (report.getDiagnostics() == null || report.getDiagnostics().isBlank() ? "" : "; " + report.getDiagnostics())
        + "); they may have been deleted (yarn.log-aggregation.retain-seconds)";
  }

  @Override
  public void close() {
    yarn.stop();
  }
}
