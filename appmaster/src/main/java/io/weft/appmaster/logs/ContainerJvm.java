package io.weft.appmaster.logs;

import io.weft.core.config.Configuration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.yarn.api.ApplicationConstants;

/**
 * The logging and user JVM options of a container's java command line. The log file goes into the
 * container's log directory ({@code <LOG_DIR>}), which the NodeManager serves while the container
 * runs and aggregates to HDFS once the application ends; stdout and stderr go next to it.
 */
public final class ContainerJvm {
  /** What runs in the container: its log files are {@code <role>.log}, {@code .out} and {@code .err}. */
  public enum Role {
    JOBMANAGER("jobmanager"), TASKMANAGER("taskmanager");

    private final String fileName;

    Role(String fileName) {
      this.fileName = fileName;
    }

    public String logFile() {
      return fileName + ".log";
    }

    /** The files a container of this role writes into its log directory: the log, stdout, stderr. */
    public List<String> logFiles() {
      return List.of(fileName + ".log", fileName + ".out", fileName + ".err");
    }
  }

  /** Every log file name Weft's containers write ({@code weft logs --type} takes one of them). */
  public static List<String> logTypes() {
    List<String> types = new ArrayList<>();
    for (Role role : Role.values()) {
      types.addAll(role.logFiles());
    }
    return types;
  }

  /** The name the shipped log configuration has in every container's working directory. */
  public static final String LOG_CONFIG = io.weft.core.container.ContainerContract.LOG4J_FILE;

  private ContainerJvm() {}

  /** The JobManager's JIT: C1 only (a user's later -XX:TieredStopAtLevel wins). */
  static final String JOBMANAGER_JIT = "-XX:TieredStopAtLevel=1";
  /** The JobManager's collector, unless the user's options choose one (two would stop the JVM). */
  static final String JOBMANAGER_GC = "-XX:+UseSerialGC";
  private static final Pattern GC_CHOICE = Pattern.compile("-XX:[+-]Use\\w*GC\\b");

  /**
   * The options between Weft's memory options and the main class: log4j's configuration, the log
   * file, the temporary directory, the JobManager's start-up options, then env.java.opts and the
   * role's own options (last, so the user's choice wins).
   */
  public static List<String> options(Configuration conf, Role role) {
    List<String> options = new ArrayList<>();
    options.add("-Dlog4j.configuration=file:" + ApplicationConstants.Environment.PWD.$$() + "/" + LOG_CONFIG);
    options.add("-Dweft.log.file=" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/" + role.logFile());
    // The NodeManager makes tmp/ in every container's directory and deletes it with the container:
    // temporary files (native libraries that libraries unpack, spills) never outlive a killed container.
    options.add("-Djava.io.tmpdir=" + ApplicationConstants.Environment.PWD.$$() + "/tmp");
    String all = conf.get(LogOptions.JAVA_OPTS);
    String own = conf.get(role == Role.JOBMANAGER ? LogOptions.JAVA_OPTS_JOBMANAGER : LogOptions.JAVA_OPTS_TASKMANAGER);
    if (role == Role.JOBMANAGER) {
      // The JobManager's start is on the path to every job's first record, and its work is control
      // messages, not records: C2's compilations and G1's threads took CPU its start needed (on a
      // loaded machine, from its first log line to its registration with the ResourceManager: 6.5-7.7 s
      // before, 1.9-5.1 s with these; docs/benchmarks.md). TaskManagers keep the JVM's defaults.
      options.add(JOBMANAGER_JIT);
      if (!choosesCollector(all) && !choosesCollector(own)) {
        options.add(JOBMANAGER_GC);
      }
    }
    addUserOptions(options, all);
    addUserOptions(options, own);
    return options;
  }

  private static boolean choosesCollector(String userOptions) {
    return userOptions != null && GC_CHOICE.matcher(userOptions).find();
  }

  /** The redirections that follow the main class: stdout and stderr into the log directory. */
  public static List<String> redirections(Role role) {
    String base = ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/" + role.fileName;
    return List.of("1>" + base + ".out", "2>" + base + ".err");
  }

  // The options go into a shell command line as they are, as Flink passes them: quoting is the user's.
  private static void addUserOptions(List<String> options, String value) {
    if (value != null && !value.isBlank()) {
      options.add(value.trim());
    }
  }
}
