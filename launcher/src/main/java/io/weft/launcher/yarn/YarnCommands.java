package io.weft.launcher.yarn;

import io.weft.appmaster.checkpoint.SavepointLocation;
import io.weft.core.container.ContainerContract;
import io.weft.core.rpc.RpcSecret;
import io.weft.core.security.TlsContext;
import io.weft.core.security.TlsMaterial;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FSDataInputStream;
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

  /**
   * Cancels a Weft application. A running one is asked through its JobManager's signed REST cancel
   * action first, so the job ends CANCELED, is archived for the history server and unregisters
   * KILLED with YARN; an application without a running JobManager, or whose JobManager does not
   * accept within {@link #CANCEL_ANSWER} or end the application within {@link #CANCEL_END_MILLIS},
   * is killed through YARN (then it is not archived), and the output says which happened.
   */
  public int cancel(String applicationId, PrintStream out) throws Exception {
    ApplicationId id = ApplicationId.fromString(applicationId);
    try (YarnApplications yarn = new YarnApplications(hadoopConf)) {
      ApplicationReport report;
      try {
        report = yarn.weftReport(id);
      } catch (IllegalArgumentException e) {
        throw new CliException("cancel: " + e.getMessage());
      }
      String why;
      if (report.getYarnApplicationState() == YarnApplicationState.RUNNING) {
        why = cancelThroughJobManager(yarn, report, out);
        if (why == null) {
          return 0;
        }
        why = "its JobManager did not cancel the job: " + why;
      } else {
        why = "it has no running JobManager (" + report.getYarnApplicationState() + ")";
      }
      if (YarnApplications.alive(report)) {
        out.println("Killing " + id + " through YARN, since " + why + "; the job is not archived for the history"
            + " server");
      }
      report = yarn.kill(id, 60_000);
      out.println("Application " + id + ": " + report.getYarnApplicationState() + " ("
          + report.getFinalApplicationStatus() + ")");
      if (report.getYarnApplicationState() == YarnApplicationState.KILLED) {
        deleteStagingDir(id);
      }
      return 0;
    }
  }

  /** How long the JobManager has to accept a cancel request. */
  static final java.time.Duration CANCEL_ANSWER = java.time.Duration.ofSeconds(15);
  /** How long the application has to end once its JobManager accepted: tasks cancel, the job is archived. */
  static final long CANCEL_END_MILLIS = 60_000;

  /** Null once the JobManager canceled the job and the application ended, else why not. */
  private String cancelThroughJobManager(YarnApplications yarn, ApplicationReport report, PrintStream out)
      throws Exception {
    ApplicationId id = report.getApplicationId();
    String jobId = id.toString().replace("application_", "job_");
    RpcSecret secret;
    try {
      secret = StagingDirectories.readSecret(FileSystem.get(hadoopConf), id);
    } catch (IOException e) {
      return "the application's secret cannot be read (" + e.getMessage() + ")";
    }
    String refused = new JobManagerRest(CANCEL_ANSWER).cancel(report.getOriginalTrackingUrl(), jobId, secret);
    if (refused != null) {
      return refused;
    }
    out.println("Canceling job " + jobId + " of " + id + " through its JobManager ...");
    out.flush();
    ApplicationReport end = yarn.awaitEnd(id, CANCEL_END_MILLIS);
    if (YarnApplications.alive(end)) {
      return "the application had not ended " + CANCEL_END_MILLIS / 1000 + " s after the JobManager accepted";
    }
    LOG.info("Canceled {} through its JobManager: {} ({})", id, end.getYarnApplicationState(),
        end.getFinalApplicationStatus());
    out.println("Application " + id + ": " + end.getYarnApplicationState() + " (" + end.getFinalApplicationStatus()
        + "); job " + jobId + " CANCELED and archived for the history server");
    return null;
  }

  /**
   * Rescales a running Weft application in place ({@code weft rescale}): the same application, its
   * JobManager asked over its RPC port like for a savepoint. Waits until every task runs at its new
   * parallelism, or prints why the job kept its old one (exit code 1).
   */
  public int rescale(String applicationId, int parallelism, java.util.Map<String, Integer> vertices, PrintStream out)
      throws Exception {
    ApplicationId id = ApplicationId.fromString(applicationId);
    try (YarnApplications yarn = new YarnApplications(hadoopConf)) {
      ApplicationReport report;
      try {
        report = yarn.report(id);
      } catch (org.apache.hadoop.yarn.exceptions.ApplicationNotFoundException e) {
        throw new CliException("rescale: no application " + id + " on " + resourceManager());
      }
      if (!YarnApplications.APPLICATION_TYPE.equals(report.getApplicationType())) {
        throw new CliException("rescale: " + id + " is a " + report.getApplicationType() + " application, not a Weft one");
      }
      if (report.getYarnApplicationState() != YarnApplicationState.RUNNING || report.getRpcPort() <= 0) {
        throw new CliException("rescale: " + id + " is " + report.getYarnApplicationState()
            + "; a rescale needs a running job");
      }
      FileSystem fs = FileSystem.get(hadoopConf);
      RpcSecret secret = StagingDirectories.readSecret(fs, id);
      TlsContext tls = internalTls(fs, StagingDirectories.of(fs, id), secret);
      out.println("Rescaling " + id + (parallelism > 0 ? " to parallelism " + parallelism : "")
          + (vertices.isEmpty() ? "" : " " + vertices) + " ...");
      String summary;
      try (JobManagerClient jm = new JobManagerClient(report.getHost(), report.getRpcPort(), secret, tls)) {
        summary = jm.rescale(parallelism, vertices);
      } catch (io.weft.core.rpc.RpcRemoteException e) {
        throw new CliException("rescale: the JobManager of " + id + " did not rescale the job: " + e.getMessage());
      }
      out.println("Rescaled " + summary);
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
      FileSystem fs = FileSystem.get(hadoopConf);
      RpcSecret secret = StagingDirectories.readSecret(fs, id);
      TlsContext tls = internalTls(fs, StagingDirectories.of(fs, id), secret);
      out.println((stop ? drain ? "Draining and stopping " : "Stopping " : "Taking a savepoint of ") + id + " ...");
      String path;
      try (JobManagerClient jm = new JobManagerClient(report.getHost(), report.getRpcPort(), secret, tls)) {
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
   * The application's internal TLS, as its containers have it: decided by the configuration it was
   * submitted with (staged next to the secret, so this command needs none of its own) and built from
   * the keystores staged there; null when the application runs without.
   */
  private static TlsContext internalTls(FileSystem fs, Path staging, RpcSecret secret) throws IOException {
    Path confFile = new Path(staging, ContainerContract.CONF_FILE);
    io.weft.core.config.Configuration appConf;
    try (FSDataInputStream in = fs.open(confFile)) {
      appConf = io.weft.core.config.Configuration.fromYamlLines(
          new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList(), confFile.toString());
    }
    return TlsMaterial.internal(appConf, secret, name -> {
      try (FSDataInputStream in = fs.open(new Path(staging, name))) {
        return in.readAllBytes();
      }
    });
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
