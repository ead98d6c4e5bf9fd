package io.weft.launcher.logs;

import java.io.IOException;
import java.io.PrintStream;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.regex.Pattern;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.LogAggregationStatus;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.logaggregation.ContainerLogFileInfo;
import org.apache.hadoop.yarn.logaggregation.ContainerLogMeta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code weft logs --follow}: every {@link #POLL_MILLIS} it asks the ResourceManager for the
 * application's containers and each container's NodeManager for its log files' sizes; a file that
 * grew is read again and what is new printed (one that shrank rolled over and is printed from its
 * start). A line {@code ==> <container> <file> <==} comes before output of another file than the
 * last, as with {@code tail -f}. Once the application ended it waits (at most
 * {@link #AGGREGATION_WAIT_MILLIS}) for YARN to aggregate the logs and prints from them what it had
 * not printed: the ends of the files it followed and the whole files of containers it never saw run.
 *
 * <p>A grown file is read whole because the NodeManager's REST API serves a file's first or last
 * bytes, not a range from an offset; the containers' files roll at 100 MB. Rolled-over copies
 * ({@code taskmanager.log.1}) are not followed: what they hold was printed from the live file.
 */
final class LogFollower {
  private static final Logger LOG = LoggerFactory.getLogger(LogFollower.class);
  static final long POLL_MILLIS = 2_000;
  static final long AGGREGATION_WAIT_MILLIS = 60_000;
  private static final Pattern ROLLED = Pattern.compile(".*\\.\\d+");
  private static final EnumSet<LogAggregationStatus> AGGREGATING = EnumSet.of(LogAggregationStatus.NOT_START,
      LogAggregationStatus.RUNNING, LogAggregationStatus.RUNNING_WITH_FAILURE);

  private final ApplicationLogs logs;
  private final YarnConfiguration conf;
  private final ApplicationId app;
  private final String container;
  private final String type;
  private final int tailLines;
  private final PrintStream out;
  private final NodeManagerLogs nodeManagers = new NodeManagerLogs();
  /** Per "container file": the size the NodeManager last listed, and how many characters were printed. */
  private final Map<String, Long> sizes = new HashMap<>();
  private final Map<String, Integer> printed = new HashMap<>();
  private String lastFile;
  private boolean atLineStart = true;

  LogFollower(ApplicationLogs logs, YarnConfiguration conf, ApplicationId app, String container, String type,
      int tailLines, PrintStream out) {
    this.logs = logs;
    this.conf = conf;
    this.app = app;
    this.container = container;
    this.type = type;
    this.tailLines = tailLines;
    this.out = out;
  }

  /** Follows until the application ended and its aggregated logs are printed; the exit code. */
  int run() throws IOException, YarnException, InterruptedException {
    ApplicationReport report = logs.report(app);
    while (!ApplicationLogs.ended(report)) {
      for (NodeManagerLogs.LiveContainer c : logs.liveContainers(app)) {
        if (container == null || container.equals(c.id())) {
          poll(c);
        }
      }
      Thread.sleep(POLL_MILLIS);
      report = logs.report(app);
    }
    newLine();
    out.println("(" + app + " ended " + report.getYarnApplicationState() + " (" + report.getFinalApplicationStatus()
        + "); the rest of its logs comes from YARN's aggregated logs)");
    out.flush();
    report = awaitAggregation(report);
    AggregatedLogs aggregated = new AggregatedLogs(conf);
    java.util.List<ContainerLogMeta> containers = aggregated.containers(app, report.getUser());
    if (containers.isEmpty()) {
      out.println("(no aggregated logs: " + ApplicationLogs.whyNotAggregated(conf, report) + ")");
      return printed.isEmpty() ? 1 : 0;
    }
    for (ContainerLogMeta meta : containers) {
      if (container != null && !container.equals(meta.getContainerId())) {
        continue;
      }
      for (ContainerLogFileInfo file : meta.getContainerLogMeta()) {
        if (wanted(file.getFileName())) {
          String content = aggregated.content(app, report.getUser(), meta.getContainerId(), file.getFileName());
          if (content != null) {
            emit(meta.getContainerId() + " " + file.getFileName(), content);
          }
        }
      }
    }
    newLine();
    out.flush();
    return 0;
  }

  private void poll(NodeManagerLogs.LiveContainer c) {
    SortedMap<String, Long> files;
    try {
      files = nodeManagers.files(c);
    } catch (IOException e) {
      // The ResourceManager still lists a container for a moment after its NodeManager forgot it.
      LOG.debug("Cannot list the logs of {}: {}", c.id(), e.toString());
      return;
    }
    for (Map.Entry<String, Long> file : files.entrySet()) {
      String key = c.id() + " " + file.getKey();
      if (!wanted(file.getKey()) || (file.getValue() >= 0 && file.getValue().equals(sizes.get(key)))) {
        continue;
      }
      try {
        String content = nodeManagers.content(c, file.getKey());
        sizes.put(key, file.getValue());
        emit(key, content);
      } catch (IOException e) {
        LOG.debug("Cannot read {} of {}: {}", file.getKey(), c.id(), e.toString());
      }
    }
  }

  private boolean wanted(String file) {
    return type != null ? type.equals(file) : !ROLLED.matcher(file).matches();
  }

  /** Prints what {@code content} has beyond what was printed of this file; a first print is cut to --tail. */
  private void emit(String key, String content) {
    Integer done = printed.get(key);
    int from = done == null || content.length() < done ? 0 : done;
    String text = content.substring(from);
    if (done == null && tailLines >= 0) {
      text = LogText.lastLines(text, tailLines);
    }
    printed.put(key, content.length());
    if (text.isEmpty()) {
      return;
    }
    if (!key.equals(lastFile)) {
      newLine();
      out.println("==> " + key + " <==");
      lastFile = key;
    }
    out.print(text);
    atLineStart = text.endsWith("\n");
    out.flush();
  }

  private void newLine() {
    if (!atLineStart) {
      out.println();
      atLineStart = true;
    }
  }

  private ApplicationReport awaitAggregation(ApplicationReport report)
      throws IOException, YarnException, InterruptedException {
    long deadline = System.currentTimeMillis() + AGGREGATION_WAIT_MILLIS;
    while (AGGREGATING.contains(report.getLogAggregationStatus()) && System.currentTimeMillis() < deadline) {
      Thread.sleep(500);
      report = logs.report(app);
    }
    return report;
  }
}
