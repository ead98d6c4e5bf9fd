package io.weft.appmaster;

import io.weft.core.config.ConfigOption;

/**
 * What the launcher hands the ApplicationMaster in the staged {@code weft-conf.yaml}, next to the
 * user's configuration: internal options, written by {@code YarnSubmitter} and read here, not set by
 * users (so not in docs/configuration.md). The number of attempts is the user's
 * {@code HighAvailabilityOptions.APPLICATION_ATTEMPTS}, written explicitly.
 */
public final class StagedOptions {
  private StagedOptions() {}

  public static final ConfigOption<String> FINGERPRINT = ConfigOption.of(
      "weft.job.fingerprint", String.class, null,
      "The plan's fingerprint as the launcher computed it; the ApplicationMaster refuses a staged plan with another.");

  public static final ConfigOption<String> LIB_DIRS = ConfigOption.of(
      "weft.yarn.lib-dirs", String.class, null,
      "The directories of Weft's runtime jars on the cluster's FileSystem, separated by ';'.");

  public static final ConfigOption<String> LIB_VISIBILITY = ConfigOption.of(
      "weft.yarn.lib-visibility", String.class, "APPLICATION",
      "The YARN LocalResourceVisibility those jars are registered with (PUBLIC where the cache rules allow).");

  public static final ConfigOption<String> JVM_OPENS = ConfigOption.of(
      "weft.yarn.jvm-opens", String.class, "",
      "The JVM's --add-opens arguments Hadoop needs, for the TaskManagers' command line.");

  public static final ConfigOption<Integer> TASK_MANAGERS = ConfigOption.of(
      "weft.yarn.task-managers", Integer.class, null,
      "How many TaskManagers the launcher's placement of the plan needs: the ApplicationMaster requests their"
          + " containers as soon as it registers, while it reads the plan; absent: once it read it.");

  public static final ConfigOption<Long> CLIENT_START_MILLIS = ConfigOption.of(
      "weft.client.start-millis", Long.class, null,
      "When weft run started, for the time to all tasks RUNNING; absent: the ApplicationMaster's start.");
}
