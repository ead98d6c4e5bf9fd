package io.weft.launcher.yarn;

import io.weft.core.config.Configuration;
import io.weft.core.config.CoreOptions;
import io.weft.core.config.MemorySize;
import io.weft.launcher.LauncherOptions;
import io.weft.launcher.cli.CliException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What {@code weft list}, {@code weft cancel} and the pre-submission checks ask of YARN. */
public final class YarnCommands {
  private static final Logger LOG = LoggerFactory.getLogger(YarnCommands.class);
  private static final DateTimeFormatter STARTED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
  private final YarnConfiguration hadoopConf;

  public YarnCommands(YarnConfiguration hadoopConf) {
    this.hadoopConf = hadoopConf;
  }

  /** Prints Weft's running applications as a table. */
  public int list(PrintStream out) throws Exception {
    try (YarnApplications yarn = new YarnApplications(hadoopConf)) {
      List<ApplicationReport> apps = yarn.listRunning();
      if (apps.isEmpty()) {
        out.println("No Weft applications are running on " + resourceManager() + ".");
        return 0;
      }
      String format = "%-32s %-10s %-20s %-10s %-19s %s%n";
      out.printf(format, "APPLICATION", "STATE", "NAME", "QUEUE", "STARTED", "TRACKING URL");
      for (ApplicationReport a : apps) {
        out.printf(format, a.getApplicationId(), a.getYarnApplicationState(), a.getName(), a.getQueue(),
            STARTED.format(Instant.ofEpochMilli(a.getStartTime())), a.getTrackingUrl());
      }
      return 0;
    }
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
   * A killed ApplicationMaster cannot clean up after itself, so the staging directory
   * ({@code <home>/.weft/<applicationId>}, see {@link YarnSubmitter}) goes here.
   */
  private void deleteStagingDir(ApplicationId id) {
    try {
      FileSystem fs = FileSystem.get(hadoopConf);
      Path staging = new Path(fs.getHomeDirectory(), ".weft/" + id);
      if (fs.delete(staging, true)) {
        LOG.info("Deleted the staging directory {}", staging);
      }
    } catch (Exception e) {
      LOG.warn("Cannot delete the staging directory of {}: {}", id, e.toString());
    }
  }

  /**
   * Refuses containers the cluster cannot grant, before anything is uploaded: YARN would otherwise
   * accept the application and leave it waiting forever, or reject it with a less helpful message.
   */
  public void checkContainerSizes(Configuration conf) throws Exception {
    Resource max;
    try (YarnApplications yarn = new YarnApplications(hadoopConf)) {
      max = yarn.maximumContainer();
    }
    long maxMb = max.getMemorySize();
    checkMemory("-yjm", LauncherOptions.JOBMANAGER_MEMORY.key(), conf.get(LauncherOptions.JOBMANAGER_MEMORY), maxMb);
    checkMemory("-ytm", LauncherOptions.TASKMANAGER_MEMORY.key(), conf.get(LauncherOptions.TASKMANAGER_MEMORY), maxMb);
    int vcores = conf.get(LauncherOptions.CONTAINER_VCORES);
    if (vcores == -1) {
      vcores = conf.get(CoreOptions.NUM_TASK_SLOTS);
    }
    if (vcores > max.getVirtualCores()) {
      throw new CliException("-ys/" + LauncherOptions.CONTAINER_VCORES.key() + ": " + vcores
          + " vcores per TaskManager is above the largest container this cluster grants (" + max.getVirtualCores()
          + " vcores); use fewer slots or set -yD " + LauncherOptions.CONTAINER_VCORES.key() + "=" + max.getVirtualCores());
    }
  }

  private static void checkMemory(String flag, String key, MemorySize size, long maxMb) {
    if (size.mebiBytes() > maxMb) {
      throw new CliException(flag + " (" + key + "): '" + size + "' is above the largest container this cluster grants ("
          + maxMb + "m, yarn.scheduler.maximum-allocation-mb); ask for at most " + maxMb + "m");
    }
  }

  private String resourceManager() {
    return hadoopConf.get(YarnConfiguration.RM_ADDRESS, YarnConfiguration.DEFAULT_RM_ADDRESS);
  }
}
