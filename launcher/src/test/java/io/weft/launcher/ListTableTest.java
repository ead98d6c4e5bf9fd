package io.weft.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.launcher.yarn.YarnCommands;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.util.Records;
import org.junit.jupiter.api.Test;

/** The table `weft list` prints. */
class ListTableTest {

  private static ApplicationReport app(String name, int id, YarnApplicationState state, float progress, String url) {
    ApplicationReport r = Records.newRecord(ApplicationReport.class);
    r.setName(name);
    r.setApplicationId(ApplicationId.newInstance(1_700_000_000_000L, id));
    r.setYarnApplicationState(state);
    r.setFinalApplicationStatus(FinalApplicationStatus.UNDEFINED);
    r.setProgress(progress);
    r.setTrackingUrl(url);
    return r;
  }

  @Test
  void columnsAreAsWideAsTheirWidestCell() {
    String table = YarnCommands.table(List.of(
        app("WordCount", 1, YarnApplicationState.RUNNING, 0.25f, "http://nm1:8042/"),
        app("a much longer job name", 12, YarnApplicationState.ACCEPTED, 0f, null)));
    assertEquals(String.join("\n",
        "NAME                    APPLICATION                     STATE     FINAL STATUS  PROGRESS  TRACKING URL",
        "WordCount               application_1700000000000_0001  RUNNING   UNDEFINED     25%       http://nm1:8042/",
        "a much longer job name  application_1700000000000_0012  ACCEPTED  UNDEFINED     0%        N/A",
        ""), table);
  }
}
