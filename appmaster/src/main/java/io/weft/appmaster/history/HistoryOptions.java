package io.weft.appmaster.history;

import io.weft.core.config.ConfigOption;
import java.util.List;

/** Where ended jobs are archived and how the history server serves them (Flink's key names). */
public final class HistoryOptions {
  private HistoryOptions() {}

  public static final ConfigOption<String> JOBMANAGER_ARCHIVE_DIR = ConfigOption.of(
      "jobmanager.archive.fs.dir", String.class, "/weft/completed-jobs",
      "Directory (on the cluster's default file system unless a URI says otherwise) the ApplicationMaster writes an"
          + " ended job's archive to: its final REST documents (overview, vertices, checkpoints, exceptions, ...). Empty"
          + " switches archiving off.");

  public static final ConfigOption<String> HISTORY_ARCHIVE_DIR = ConfigOption.of(
      "historyserver.archive.fs.dir", String.class, "/weft/completed-jobs",
      "Directory the history server reads job archives from; the same as jobmanager.archive.fs.dir unless archives"
          + " are moved.");

  public static final ConfigOption<Integer> HISTORY_PORT = ConfigOption.of(
      "historyserver.web.port", Integer.class, 8082,
      "Port of the history server's web UI and REST API (0 picks a free one).");

  public static final ConfigOption<String> HISTORY_ADDRESS = ConfigOption.of(
      "historyserver.web.address", String.class, null,
      "host:port of the history server the ApplicationMaster points YARN's final tracking URL at"
          + " (http://<address>/jobs/<jobId>/); unset, the final tracking URL stays the ApplicationMaster's.");

  public static List<ConfigOption<?>> all() {
    return List.of(JOBMANAGER_ARCHIVE_DIR, HISTORY_ARCHIVE_DIR, HISTORY_PORT, HISTORY_ADDRESS);
  }
}
