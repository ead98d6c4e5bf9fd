package io.weft.launcher.yarn;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.exceptions.ApplicationNotFoundException;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code weft list} and {@code weft cancel} ask the ResourceManager: Weft's applications,
 * killing one, and which staging directories belong to applications that ended.
 */
public final class YarnApplications implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(YarnApplications.class);
  /** The application type Weft submits under; {@code weft list} finds applications by it. */
  public static final String APPLICATION_TYPE = "WEFT";
  private static final EnumSet<YarnApplicationState> ALIVE = EnumSet.of(YarnApplicationState.NEW,
      YarnApplicationState.NEW_SAVING, YarnApplicationState.SUBMITTED, YarnApplicationState.ACCEPTED,
      YarnApplicationState.RUNNING);

  private final YarnClient client;

  public YarnApplications(Configuration hadoopConf) {
    client = YarnClient.createYarnClient();
    client.init(hadoopConf);
    client.start();
  }

  /** Weft applications that have not ended, oldest first. */
  public List<ApplicationReport> listRunning() throws IOException, YarnException {
    List<ApplicationReport> apps = client.getApplications(Set.of(APPLICATION_TYPE), ALIVE);
    apps.sort((a, b) -> Long.compare(a.getStartTime(), b.getStartTime()));
    return apps;
  }

  /**
   * The state to show for an application. Between two ApplicationMaster attempts YARN reports an
   * application ACCEPTED again, although its job still runs (its TaskManagers wait for the next
   * attempt): that shows as RUNNING, with the attempt that is starting.
   */
  public static String displayState(ApplicationReport report) {
    YarnApplicationState state = report.getYarnApplicationState();
    var attempt = report.getCurrentApplicationAttemptId();
    if (state == YarnApplicationState.ACCEPTED && attempt != null && attempt.getAttemptId() > 1) {
      return "RUNNING (attempt " + attempt.getAttemptId() + " starting)";
    }
    return state.toString();
  }

  /**
   * The report of a Weft application.
   *
   * @throws IllegalArgumentException when there is no such application or it is not Weft's, so a
   *     mistyped id cannot stop somebody else's job
   */
  public ApplicationReport weftReport(ApplicationId id) throws IOException, YarnException {
    ApplicationReport report;
    try {
      report = client.getApplicationReport(id);
    } catch (ApplicationNotFoundException e) {
      throw new IllegalArgumentException("No application " + id + " on this cluster");
    }
    if (!APPLICATION_TYPE.equals(report.getApplicationType())) {
      throw new IllegalArgumentException("Application " + id + " is of type " + report.getApplicationType()
          + ", not " + APPLICATION_TYPE + "; weft cancels only its own applications");
    }
    return report;
  }

  /** Whether YARN has not recorded the application as ended yet. */
  public static boolean alive(ApplicationReport report) {
    return ALIVE.contains(report.getYarnApplicationState());
  }

  public ApplicationReport report(ApplicationId id) throws IOException, YarnException {
    return client.getApplicationReport(id);
  }

  /**
   * Kills a Weft application and waits until YARN records it as ended. Refuses applications of
   * other types, so a mistyped id cannot stop somebody else's job.
   */
  public ApplicationReport kill(ApplicationId id, long timeoutMillis)
      throws IOException, YarnException, InterruptedException {
    ApplicationReport report = weftReport(id);
    if (!ALIVE.contains(report.getYarnApplicationState())) {
      return report;
    }
    LOG.info("Killing application {}", id);
    client.killApplication(id, "Canceled with weft cancel");
    return awaitEnd(id, timeoutMillis);
  }

  /** Waits until YARN records the application as ended, or the timeout passes; returns its last report. */
  public ApplicationReport awaitEnd(ApplicationId id, long timeoutMillis)
      throws IOException, YarnException, InterruptedException {
    ApplicationReport report = client.getApplicationReport(id);
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (ALIVE.contains(report.getYarnApplicationState()) && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
      report = client.getApplicationReport(id);
    }
    return report;
  }

  /** Deletes the staging directories of ended and forgotten applications ({@link StagingDirectories#sweep}). */
  public List<org.apache.hadoop.fs.Path> sweepStagingDirectories(FileSystem fs) {
    return StagingDirectories.sweep(fs, client);
  }

  @Override
  public void close() {
    client.stop();
  }
}
