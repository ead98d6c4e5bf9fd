package io.weft.launcher.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.LogAggregationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;

/** What weft logs says when an ended application has no aggregated logs, for each reason YARN reports. */
class ApplicationLogsTest {
  private static ApplicationReport ended(LogAggregationStatus status) {
    ApplicationReport report = ApplicationReport.newInstance(ApplicationId.newInstance(1, 1), null, "alice", "default",
        "job", "host", 0, null, YarnApplicationState.FINISHED, "", "", 0, 0, 0, FinalApplicationStatus.SUCCEEDED, null,
        "", 1f, "WEFT", null);
    report.setLogAggregationStatus(status);
    return report;
  }

  @Test
  void namesTheReason() {
    YarnConfiguration on = new YarnConfiguration();
    on.setBoolean(YarnConfiguration.LOG_AGGREGATION_ENABLED, true);
    on.set(YarnConfiguration.NM_REMOTE_APP_LOG_DIR, "/tmp/logs");
    YarnConfiguration off = new YarnConfiguration();
    off.setBoolean(YarnConfiguration.LOG_AGGREGATION_ENABLED, false);
    assertEquals("log aggregation is off on this cluster (yarn.log-aggregation-enable), so its logs stayed on the"
        + " NodeManagers' disks (yarn.nodemanager.log-dirs) and are not readable from here; turn aggregation on for"
        + " the logs of later applications", ApplicationLogs.whyNotAggregated(off, ended(LogAggregationStatus.DISABLED)));
    assertEquals("YARN is still aggregating its logs to /tmp/logs (log aggregation RUNNING); try again in a few seconds",
        ApplicationLogs.whyNotAggregated(on, ended(LogAggregationStatus.RUNNING)));
    assertEquals("no aggregated logs of it are in /tmp/logs (log aggregation SUCCEEDED); they may have been deleted"
        + " (yarn.log-aggregation.retain-seconds)", ApplicationLogs.whyNotAggregated(on,
            ended(LogAggregationStatus.SUCCEEDED)));
  }
}
