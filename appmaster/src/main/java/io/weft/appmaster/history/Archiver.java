package io.weft.appmaster.history;

import io.weft.appmaster.autoscale.Autoscaler;
import io.weft.appmaster.web.JobView;
import io.weft.core.config.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the ApplicationMaster does when its job ended (finished, failed or canceled through the
 * JobManager): archive the final view to jobmanager.archive.fs.dir, and point YARN's final tracking
 * URL at the history server (historyserver.web.address) where the archive will be served.
 */
public final class Archiver {
  private static final Logger LOG = LoggerFactory.getLogger(Archiver.class);

  private Archiver() {}

  /**
   * Archives {@code view} and the autoscaler's last status ({@code scaling}, null when it is off), so the
   * UI's Scaling panel still shows its decisions after the job ended; returns the final tracking URL: the
   * job's page on the history server when the archive was written and one is configured, else
   * {@code trackingUrl}. A failure to archive is logged, never fails the application: the job's own
   * outcome stands.
   */
  public static String archive(JobView view, Autoscaler.Status scaling, Configuration conf,
      org.apache.hadoop.conf.Configuration hadoopConf, String trackingUrl) {
    String dir = conf.get(HistoryOptions.JOBMANAGER_ARCHIVE_DIR);
    if (dir == null || dir.isBlank()) {
      return trackingUrl;
    }
    try {
      JobArchive archive = JobArchive.at(dir, hadoopConf);
      LOG.info("[{}] Archived job {} ({}) to {}", view.applicationId(), view.jobId(), view.state(), archive.write(view, scaling));
    } catch (Exception e) {
      LOG.warn("[{}] Cannot archive job {} to {} ({}): the history server will not show it", view.applicationId(),
          view.jobId(), dir, e.toString());
      return trackingUrl;
    }
    String address = conf.get(HistoryOptions.HISTORY_ADDRESS);
    return address == null || address.isBlank() ? trackingUrl : "http://" + address + "/jobs/" + view.jobId() + "/";
  }
}
