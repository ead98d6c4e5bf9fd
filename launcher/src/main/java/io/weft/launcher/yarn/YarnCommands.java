package io.weft.launcher.yarn;

import io.weft.appmaster.checkpoint.SavepointLocation;
import io.weft.core.rpc.RpcSecret;
import io.weft.launcher.cli.CliException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What {@code weft list}, {@code cancel}, {@code savepoint} and {@code stop} ask of YARN and the JobManager. */
public final class YarnCommands {
  private static final Logger LOG = LoggerFactory.getLogger(YarnCommands.class);
  private final YarnConfiguration hadoopConf;

  public YarnCommands(YarnConfiguration hadoopConf) {
    this.hadoopConf = hadoopConf;
  }

  /** Prints Weft's running applications as a table; also deletes staging directories left behind. */
  public int list(PrintStream out) throws Exception {
    try (YarnApplications yarn = new YarnApplications(hadoopConf)) {
      List<ApplicationReport> apps = yarn.listRunning();
      sweep(yarn);
      if (apps.isEmpty()) {
        out.println("No Weft applications are running on " + resourceManager() + ".");
        return 0;
      }
      out.print(table(apps));
      for (ApplicationReport a : apps) {
        JobOverview job = JobOverview.fetch(a.getTrackingUrl());
        if (job == null) {
          job = JobOverview.fetch(a.getOriginalTrackingUrl()); // the proxy may be unreachable from here
        }
        if (job != null && job.lastFailure() != null) {
          out.println(a.getApplicationId() + " last failure: " + job.lastFailure());
        }
      }
      return 0;
    }
  }

  /** One line per application under a header, each column as wide as its widest cell. */
  public static String table(List<ApplicationReport> apps) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("NAME", "APPLICATION", "STATE", "FINAL STATUS", "PROGRESS", "TRACKING URL"));
    for (ApplicationReport a : apps) {
      String url = a.getTrackingUrl();
      rows.add(List.of(a.getName(), a.getApplicationId().toString(), YarnApplications.displayState(a),
          a.getFinalApplicationStatus().toString(), Math.round(a.getProgress() * 100) + "%",
          url == null || url.isBlank() ? "N/A" : url));
    }
    int[] widths = new int[rows.get(0).size()];
    for (List<String> row : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder b = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        line.append(String.format("%-" + widths[i] + "s", row.get(i))).append(i < widths.length - 1 ? "  " : "");
      }
      b.append(line.toString().stripTrailing()).append('\n');
    }
    return b.toString();
  }

  /** Kills the application and prints its final state. */
  public int cancel(String applicationId, PrintStream out) throws Exception {
    ApplicationId id = ApplicationId.fromString(applicationId);
    try (YarnApplications yarn = new YarnApplications(hadoopConf)) {
      ApplicationReport report;
      try {
        report = yarn.kill(id, 60_000);
      } catch (IllegalArgumentException e) {
        throw new CliException("cancel: " + e.getMessage());
      }
      out.println("Application " + id + ": " + report.getYarnApplicationState() + " ("
          + report.getFinalApplicationStatus() + ")");
      if (report.getYarnApplicationState() == YarnApplicationState.KILLED) {
        deleteStagingDir(id);
      }
      return 0;
    }
  }

  /**
   * Takes a savepoint of a running Weft application (and, with {@code stop}, then waits for the job
   * to finish) and prints the savepoint's directory for {@code weft run -s}. The request goes to the
   * JobManager's RPC port, authenticated with the secret in the application's staging directory.
   */
  public int savepoint(String applicationId, String targetDirectory, boolean stop, PrintStream out) throws Exception {
    return savepoint(applicationId, targetDirectory, stop, false, out);
  }

  /** With {@code drain} (stop --drain) the sources emit the end of event time first, so event-time windows fire. */
  public int savepoint(String applicationId, String targetDirectory, boolean stop, boolean drain, PrintStream out)
      throws Exception {
    String command = stop ? "stop" : "savepoint";
    ApplicationId id = ApplicationId.fromString(applicationId);
    try (YarnApplications yarn = new YarnApplications(hadoopConf)) {
      ApplicationReport report;
      try {
        report = yarn.report(id);
      } catch (org.apache.hadoop.yarn.exceptions.ApplicationNotFoundException e) {
        throw new CliException(command + ": no application " + id + " on " + resourceManager());
      }
      if (!YarnApplications.APPLICATION_TYPE.equals(report.getApplicationType())) {
        throw new CliException(command + ": " + id + " is a " + report.getApplicationType()
            + " application, not a Weft one");
      }
      if (report.getYarnApplicationState() != YarnApplicationState.RUNNING || report.getRpcPort() <= 0) {
        throw new CliException(command + ": " + id + " is " + report.getYarnApplicationState()
            + "; a savepoint needs a running job");
      }
      RpcSecret secret = StagingDirectories.readSecret(FileSystem.get(hadoopConf), id);
      out.println((stop ? drain ? "Draining and stopping " : "Stopping " : "Taking a savepoint of ") + id + " ...");
      String path;
      try (JobManagerClient jm = new JobManagerClient(report.getHost(), report.getRpcPort(), secret)) {
        path = jm.savepoint(targetDirectory, stop, drain);
      } catch (io.weft.core.rpc.RpcRemoteException e) {
        throw new CliException(command + ": the JobManager of " + id + " took no savepoint: " + e.getMessage());
      }
      out.println("Savepoint completed: " + path);
      out.println("Resume with: weft run -s " + path + " ...");
      if (stop) {
        ApplicationReport end = yarn.awaitEnd(id, 120_000);
        out.println("Application " + id + ": " + end.getYarnApplicationState() + " (" + end.getFinalApplicationStatus()
            + ")");
      }
      return 0;
    }
  }

  /**
   * {@code weft savepoint -d}: deletes a savepoint's directory, once its {@code _metadata} reads as
   * a savepoint's and its name says it is one (a retained checkpoint's files may be shared with
   * later checkpoints; retention removes those).
   */
  public int dispose(String savepointPath, PrintStream out) throws Exception {
    try {
      SavepointLocation.read(savepointPath, hadoopConf);
    } catch (IOException e) {
      throw new CliException("savepoint -d: " + e.getMessage() + "; nothing was deleted");
    }
    Path metadata = new Path(SavepointLocation.metadataFile(savepointPath));
    Path directory = metadata.getParent();
    if (!directory.getName().startsWith(SavepointLocation.DIRECTORY_PREFIX)) {
      throw new CliException("savepoint -d: " + directory + " is a checkpoint, not a savepoint (savepoint directories"
          + " are named " + SavepointLocation.DIRECTORY_PREFIX + "<jobId>-<n>); nothing was deleted");
    }
    if (!directory.getFileSystem(hadoopConf).delete(directory, true)) {
      throw new CliException("savepoint -d: cannot delete " + directory);
    }
    LOG.info("Disposed savepoint {}", directory);
    out.println("Disposed savepoint " + directory);
    return 0;
  }

  /**
   * A killed ApplicationMaster deletes its staging directory only on its last attempt (see
   * io.weft.appmaster.StagingDirectory), so the canceling client deletes it too.
   */
  /** Best effort: the listing matters more than the clean-up. */
  private void sweep(YarnApplications yarn) {
    try {
      yarn.sweepStagingDirectories(FileSystem.get(hadoopConf));
    } catch (Exception e) {
      LOG.warn("Cannot look for staging directories left behind: {}", e.toString());
    }
  }

  private void deleteStagingDir(ApplicationId id) {
    try {
      StagingDirectories.delete(FileSystem.get(hadoopConf), id);
    } catch (Exception e) {
      LOG.warn("Cannot delete the staging directory of {}: {}", id, e.toString());
    }
  }

  private String resourceManager() {
    return hadoopConf.get(YarnConfiguration.RM_ADDRESS, YarnConfiguration.DEFAULT_RM_ADDRESS);
  }
}
