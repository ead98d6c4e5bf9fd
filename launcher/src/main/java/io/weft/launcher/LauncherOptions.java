package io.weft.launcher;

import io.weft.core.config.ConfigOption;
import io.weft.core.config.CoreOptions;
import io.weft.core.config.MemorySize;
import io.weft.core.ha.HighAvailabilityOptions;
import io.weft.core.memory.MemoryOptions;
import java.util.List;

/**
 * The options of the launcher and the YARN deployment, with Flink's key names. {@code weft run}
 * flags map onto these keys (and onto some of {@code CoreOptions}); they can also be set with
 * {@code -yD key=value} or in {@code conf/weft-conf.yaml}.
 */
public final class LauncherOptions {
  private LauncherOptions() {}

  /** The -yjm size; declared (and documented) with the memory model. */
  public static final ConfigOption<MemorySize> JOBMANAGER_MEMORY = MemoryOptions.JM_PROCESS_SIZE;

  /** The -ytm size; declared (and documented) with the memory model. */
  public static final ConfigOption<MemorySize> TASKMANAGER_MEMORY = MemoryOptions.TM_PROCESS_SIZE;

  /** Declared (and documented) with the slots it defaults from. */
  public static final ConfigOption<Integer> CONTAINER_VCORES = CoreOptions.CONTAINER_VCORES;

  /** Declared (and documented) with high availability: the ApplicationMaster reads it too. */
  public static final ConfigOption<Integer> APPLICATION_ATTEMPTS = HighAvailabilityOptions.APPLICATION_ATTEMPTS;

  public static final ConfigOption<String> APPLICATION_NAME = ConfigOption.of(
      "yarn.application.name", String.class, null,
      "Name of the YARN application; the job's name when not set. The CLI's -ynm sets it.");

  public static final ConfigOption<String> APPLICATION_QUEUE = ConfigOption.of(
      "yarn.application.queue", String.class, "default",
      "YARN queue the application is submitted to. The CLI's -yqu sets it.");

  public static final ConfigOption<String> APPLICATION_TYPE = ConfigOption.of(
      "yarn.application.type", String.class, "WEFT",
      "Application type shown by YARN; 'weft list' finds applications by it.");

  public static final ConfigOption<String> APPLICATION_TAGS = ConfigOption.of(
      "yarn.tags", String.class, null,
      "Tags of the YARN application, separated by ','.");

  public static final ConfigOption<String> SHIP_FILES = ConfigOption.of(
      "yarn.ship-files", String.class, null,
      "Files and directories shipped to every container, separated by ';': each lands in the working directory"
          + " under its base name (a directory with its tree), and jars and directories also go on the classpath."
          + " The CLI's -yt sets it.");

  public static final ConfigOption<String> PROVIDED_LIB_DIRS = ConfigOption.of(
      "yarn.provided.lib.dirs", String.class, null,
      "Directories (usually on HDFS) that already hold Weft's jars, separated by ';'; saves uploading them for every application.");

  public static final ConfigOption<Boolean> ATTACHED = ConfigOption.of(
      "execution.attached", Boolean.class, true,
      "Whether 'weft run' waits for the job to end; -d (detached) sets it to false.");

  public static final ConfigOption<Boolean> SHUTDOWN_ON_ATTACHED_EXIT = ConfigOption.of(
      "execution.shutdown-on-attached-exit", Boolean.class, false,
      "Whether an attached 'weft run' that is ended (Ctrl-C, SIGTERM) before its job ends kills the YARN"
          + " application; -sae sets it to true. Only for attached runs.");

  /** Every option of this module, for the documentation check. */
  public static List<ConfigOption<?>> all() {
    return List.of(APPLICATION_NAME, APPLICATION_QUEUE, APPLICATION_TYPE, APPLICATION_TAGS, SHIP_FILES,
        PROVIDED_LIB_DIRS, ATTACHED, SHUTDOWN_ON_ATTACHED_EXIT);
  }
}
