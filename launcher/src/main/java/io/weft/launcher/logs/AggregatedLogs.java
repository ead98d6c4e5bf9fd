package io.weft.launcher.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.logaggregation.ContainerLogMeta;
import org.apache.hadoop.yarn.logaggregation.ContainerLogsRequest;
import org.apache.hadoop.yarn.logaggregation.filecontroller.LogAggregationFileController;
import org.apache.hadoop.yarn.logaggregation.filecontroller.LogAggregationFileControllerFactory;

/**
 * The logs of an ended application as the NodeManagers aggregated them (yarn.log-aggregation-enable)
 * under yarn.nodemanager.remote-app-log-dir, read with Hadoop's own reader for whichever format
 * they were written in (TFile or IndexedFile), as {@code yarn logs} reads them.
 */
final class AggregatedLogs {
  private final YarnConfiguration conf;

  AggregatedLogs(YarnConfiguration conf) {
    this.conf = conf;
  }

  /** The containers whose logs were aggregated, each with its files; empty when there are none (yet). */
  List<ContainerLogMeta> containers(ApplicationId app, String owner) throws IOException {
    LogAggregationFileController reader;
    try {
      reader = new LogAggregationFileControllerFactory(conf).getFileControllerForRead(app, owner);
    } catch (IOException e) {
      // The factory says "cannot find ... log" when no node file exists for the application.
      return List.of();
    }
    return new ArrayList<>(reader.readAggregatedLogsMeta(request(app, owner, null, null)));
  }

  /**
   * Prints the aggregated logs of {@code container} (null: every container), only the file
   * {@code type} if not null, each file's content cut to its last {@code tailLines} lines unless that
   * is negative; false if nothing was found.
   */
  boolean print(ApplicationId app, String owner, String container, String type, int tailLines, PrintStream out)
      throws IOException {
    LogAggregationFileController reader = new LogAggregationFileControllerFactory(conf)
        .getFileControllerForRead(app, owner);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    boolean found = reader.readAggregatedLogs(request(app, owner, container, type), tailLines < 0 ? out : buffer);
    if (tailLines >= 0) {
      out.print(LogText.tailSections(buffer.toString(StandardCharsets.UTF_8), tailLines));
    }
    out.flush();
    return found;
  }

  /** The aggregated content of one file of one container, or null when it has none such. */
  String content(ApplicationId app, String owner, String container, String file) throws IOException {
    LogAggregationFileController reader = new LogAggregationFileControllerFactory(conf)
        .getFileControllerForRead(app, owner);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    if (!reader.readAggregatedLogs(request(app, owner, container, file), buffer)) {
      return null;
    }
    return LogText.content(buffer.toString(StandardCharsets.UTF_8));
  }

  private static ContainerLogsRequest request(ApplicationId app, String owner, String container, String type) {
    ContainerLogsRequest request = new ContainerLogsRequest();
    request.setAppId(app);
    request.setAppOwner(owner);
    request.setAppFinished(true);
    request.setContainerId(container);
    request.setLogTypes(type == null ? Set.of() : Set.of(type));
    request.setBytes(Long.MAX_VALUE);
    return request;
  }
}
