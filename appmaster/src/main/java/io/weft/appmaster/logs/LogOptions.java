package io.weft.appmaster.logs;

import io.weft.core.config.ConfigOption;
import java.util.List;

/** How the JobManager's and TaskManagers' JVMs are started and where they log (Flink's key names). */
public final class LogOptions {
  private LogOptions() {}

  public static final ConfigOption<String> JAVA_OPTS = ConfigOption.of(
      "env.java.opts", String.class, null,
      "JVM options for the JobManager and the TaskManagers (for example -XX:+UseG1GC); they come after Weft's own"
          + " memory options, so a -X given here wins. Flink 1.20 also calls this env.java.opts.all.");

  public static final ConfigOption<String> JAVA_OPTS_JOBMANAGER = ConfigOption.of(
      "env.java.opts.jobmanager", String.class, null,
      "JVM options for the JobManager (the ApplicationMaster) only, after env.java.opts.");

  public static final ConfigOption<String> JAVA_OPTS_TASKMANAGER = ConfigOption.of(
      "env.java.opts.taskmanager", String.class, null,
      "JVM options for the TaskManagers only, after env.java.opts.");

  public static final ConfigOption<String> LOG_CONFIG_FILE = ConfigOption.of(
      "yarn.log-config-file", String.class, null,
      "The log4j (1.x syntax) configuration the containers log with, a file on the client; by default"
          + " conf/log4j-container.properties (rolling by size), shipped with the application as log4j.properties."
          + " It writes to ${weft.log.file}, the jobmanager.log or taskmanager.log in the container's log directory.");

  public static List<ConfigOption<?>> all() {
    return List.of(JAVA_OPTS, JAVA_OPTS_JOBMANAGER, JAVA_OPTS_TASKMANAGER, LOG_CONFIG_FILE);
  }
}
