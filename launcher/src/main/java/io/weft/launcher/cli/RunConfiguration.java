package io.weft.launcher.cli;

import io.weft.core.config.ConfigOption;
import io.weft.core.config.Configuration;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.config.CoreOptions;
import io.weft.core.config.RestartOptions;
import io.weft.core.ha.HighAvailabilityOptions;
import io.weft.dataplane.NetworkOptions;
import io.weft.state.StateOptions;
import io.weft.core.config.MemorySize;
import io.weft.core.memory.JobManagerMemory;
import io.weft.core.memory.MemoryOptions;
import io.weft.core.memory.TaskManagerMemory;
import io.weft.launcher.LauncherOptions;
import io.weft.launcher.OptionRegistry;
import io.weft.worker.metrics.MetricOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the configuration of a {@code weft run}: the configuration file, then {@code -yD}, then
 * the flags. Values that come from the file or from -yD are checked here, since the flags' own
 * checks never saw them.
 */
public final class RunConfiguration {
  /** The prefix of Hadoop options ({@code io.weft.launcher.yarn.HadoopConf.PREFIX}; cli does not depend on yarn). */
  private static final String HADOOP_PREFIX = "weft.hadoop.";

  private RunConfiguration() {}

  public static Configuration build(RunOptions options, CliEnvironment environment) {
    Configuration conf = clusterDefaults(environment);
    Path file = environment.confFile();
    if (file != null) {
      try {
        conf.addAll(Configuration.fromYamlFile(file));
      } catch (IOException e) {
        throw new CliException("Cannot read the configuration file " + file + ": " + e.getMessage());
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage());
      }
    }
    options.applyTo(conf);
    if (!conf.contains(CoreOptions.EXECUTION_TARGET)) {
      conf.set(CoreOptions.EXECUTION_TARGET, environment.hadoopConfFound() ? RunOptions.YARN_CLUSTER : RunOptions.LOCAL);
    }
    check(conf, options, file);
    return conf;
  }

  /** The cluster's defaults for jobs ({@link CliEnvironment#clusterDefaultsFile()}); empty without any. */
  public static Configuration clusterDefaults(CliEnvironment environment) {
    Path defaults = environment.clusterDefaultsFile();
    if (defaults == null) {
      return new Configuration();
    }
    try {
      return Configuration.fromYamlFile(defaults);
    } catch (IOException | IllegalArgumentException e) {
      throw new CliException("Cannot read the cluster's defaults " + defaults + ": " + e.getMessage());
    }
  }

  private static void check(Configuration conf, RunOptions options, Path file) {
    for (ConfigOption<?> option : declaredOptions()) {
      try {
        conf.get(option);
      } catch (IllegalArgumentException e) {
        throw new CliException(source(option, conf, options, file) + ": " + e.getMessage());
      }
    }
    String target = conf.get(CoreOptions.EXECUTION_TARGET);
    if (!RunOptions.TARGETS.contains(target)) {
      throw fail(CoreOptions.EXECUTION_TARGET, conf, options, file, "is not a known target; use local or yarn-cluster");
    }
    // The minimums follow from the memory model and this configuration (a larger metaspace raises them).
    atLeast(LauncherOptions.JOBMANAGER_MEMORY, MemorySize.ofMebiBytes(JobManagerMemory.minimumProcessSize(conf)),
        "the JobManager", conf, options, file);
    atLeast(LauncherOptions.TASKMANAGER_MEMORY, MemorySize.ofMebiBytes(TaskManagerMemory.minimumProcessSize(conf)),
        "a TaskManager", conf, options, file);
    positive(CoreOptions.DEFAULT_PARALLELISM, conf, options, file);
    positive(CoreOptions.NUM_TASK_SLOTS, conf, options, file);
    positive(LauncherOptions.APPLICATION_ATTEMPTS, conf, options, file);
    if (options.shipFiles().isEmpty()) { // -yt was checked as it was parsed, and replaces the other sources
      ShipFiles.checkValue(conf.get(LauncherOptions.SHIP_FILES), source(LauncherOptions.SHIP_FILES, conf, options, file));
    }
    positive(CheckpointOptions.NUM_RETAINED, conf, options, file);
    positive(CheckpointOptions.MAX_CONCURRENT, conf, options, file);
    if (CheckpointOptions.enabledIn(conf) && conf.get(CheckpointOptions.DIRECTORY) == null) {
      throw fail(CheckpointOptions.INTERVAL, conf, options, file, "turns checkpointing on, but "
          + CheckpointOptions.DIRECTORY.key() + " is not set; say where checkpoints go, e.g. -yD "
          + CheckpointOptions.DIRECTORY.key() + "=hdfs:///weft/checkpoints");
    }
    try {
      RestartOptions.kindOf(conf);
    } catch (IllegalArgumentException e) {
      throw new CliException(source(RestartOptions.TYPE, conf, options, file) + ": " + e.getMessage());
    }
    int vcores = conf.get(LauncherOptions.CONTAINER_VCORES);
    if (vcores != -1 && vcores < 1) {
      throw fail(LauncherOptions.CONTAINER_VCORES, conf, options, file, "must be at least 1, or -1 for one per slot");
    }
    checkJmx(conf, options, file);
    checkAutoscaler(conf, options, file);
    for (ConfigOption<java.time.Duration> heartbeat : List.of(
        io.weft.appmaster.containers.ContainerOptions.HEARTBEAT_CONTAINER_REQUEST_INTERVAL,
        io.weft.appmaster.containers.ContainerOptions.HEARTBEAT_INTERVAL)) {
      try {
        io.weft.appmaster.containers.HeartbeatIntervals.millis(conf.get(heartbeat), heartbeat.key());
      } catch (IllegalArgumentException e) {
        throw fail(heartbeat, conf, options, file, "must be at least 1 ms (and below 2^31 ms)");
      }
    }
  }

  /** The autoscaler rescales by restoring a checkpoint: it needs checkpoints, and values it can use. */
  private static void checkAutoscaler(Configuration conf, RunOptions options, Path file) {
    var enabled = io.weft.appmaster.autoscale.AutoscalerOptions.ENABLED;
    if (!conf.get(enabled)) {
      return;
    }
    if (!CheckpointOptions.enabledIn(conf)) {
      throw fail(enabled, conf, options, file, "rescales the job by restoring a checkpoint, but checkpointing is"
          + " off; set e.g. -yD " + CheckpointOptions.INTERVAL.key() + "=10s and " + CheckpointOptions.DIRECTORY.key());
    }
    try {
      io.weft.appmaster.autoscale.AutoscalerOptions.check(conf);
    } catch (IllegalArgumentException e) {
      throw new CliException("job.autoscaler: " + e.getMessage());
    }
  }

  /** A JMX port is a port or range, and never without the password file its clients log in with. */
  private static void checkJmx(Configuration conf, RunOptions options, Path file) {
    String ports = conf.get(MetricOptions.JMX_PORT);
    if (ports == null || ports.isBlank()) {
      return;
    }
    try {
      MetricOptions.jmxPorts(ports);
    } catch (IllegalArgumentException e) {
      throw new CliException(source(MetricOptions.JMX_PORT, conf, options, file) + ": " + e.getMessage());
    }
    if (conf.get(MetricOptions.JMX_PASSWORD_FILE) == null) {
      throw fail(MetricOptions.JMX_PORT, conf, options, file, "turns the JMX server on, but "
          + MetricOptions.JMX_PASSWORD_FILE.key() + " is not set; ship a password file ('user password' lines) with"
          + " -yt and name it, e.g. -yD " + MetricOptions.JMX_PASSWORD_FILE.key() + "=jmx.password");
    }
  }

  /**
   * The {@code -yD} keys that no option of Weft declares: most likely misspelled. Only a warning,
   * since the configuration may carry keys for user code, and {@code weft.hadoop.*} goes to Hadoop.
   */
  public static List<String> unknownDynamicKeys(RunOptions options) {
    return unknown(options.dynamicProperties().keySet());
  }

  /** The same for the keys of the configuration file; it was read (and checked) by {@link #build} already. */
  public static List<String> unknownFileKeys(CliEnvironment environment) {
    Path file = environment.confFile();
    if (file == null) {
      return List.of();
    }
    try {
      return unknown(Configuration.fromYamlFile(file).toMap().keySet());
    } catch (IOException | IllegalArgumentException e) {
      return List.of(); // build() reported it
    }
  }

  private static List<String> unknown(Set<String> keys) {
    Set<String> known = new HashSet<>();
    declaredOptions().forEach(option -> known.add(option.key()));
    List<String> unknown = new ArrayList<>();
    for (String key : keys) {
      if (!known.contains(key) && !key.startsWith(HADOOP_PREFIX)) {
        unknown.add(key);
      }
    }
    unknown.sort(null);
    return unknown;
  }

  /** Every option Weft declares, whose values are checked here. */
  private static List<ConfigOption<?>> declaredOptions() {
    return OptionRegistry.all();
  }

  private static void atLeast(ConfigOption<MemorySize> option, MemorySize min, String process,
      Configuration conf, RunOptions options, Path file) {
    if (conf.get(option).compareTo(min) < 0) {
      throw fail(option, conf, options, file, "is too small; " + process + " needs at least " + min);
    }
  }

  private static void positive(ConfigOption<Integer> option, Configuration conf, RunOptions options, Path file) {
    if (conf.get(option) < 1) {
      throw fail(option, conf, options, file, "must be at least 1");
    }
  }

  private static CliException fail(ConfigOption<?> option, Configuration conf, RunOptions options, Path file,
      String problem) {
    return new CliException(source(option, conf, options, file) + ": '" + conf.getString(option.key()) + "' " + problem);
  }

  /** Names where a bad value was written. Flags are checked as they are parsed, so it is -yD or the file. */
  private static String source(ConfigOption<?> option, Configuration conf, RunOptions options, Path file) {
    if (options.dynamicProperties().containsKey(option.key())) {
      return "-yD " + option.key();
    }
    return option.key() + (file != null ? " in " + file : "");
  }
}
