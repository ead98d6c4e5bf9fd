package io.weft.core.config;

import java.time.Duration;
import java.util.List;

/** When and how checkpoints are taken and kept, with Flink's key names. */
public final class CheckpointOptions {
  private CheckpointOptions() {}

  /** Whether aligned barriers give exactly-once state, or unaligned reading gives at-least-once. */
  public enum Mode { EXACTLY_ONCE, AT_LEAST_ONCE }

  public static final ConfigOption<Duration> INTERVAL = ConfigOption.of(
      "execution.checkpointing.interval", Duration.class, Duration.ZERO,
      "Time between the starts of two checkpoints; 0 disables checkpointing.");

  public static final ConfigOption<Mode> MODE = ConfigOption.of(
      "execution.checkpointing.mode", Mode.class, Mode.EXACTLY_ONCE,
      "EXACTLY_ONCE aligns barriers (a task waits on inputs whose barrier came until all have); AT_LEAST_ONCE "
          + "does not wait, so records may be replayed into state after recovery.");

  public static final ConfigOption<Duration> TIMEOUT = ConfigOption.of(
      "execution.checkpointing.timeout", Duration.class, Duration.ofMinutes(10),
      "A checkpoint not completed within this time is abandoned.");

  public static final ConfigOption<Duration> MIN_PAUSE = ConfigOption.of(
      "execution.checkpointing.min-pause", Duration.class, Duration.ZERO,
      "Least time between the end of one checkpoint and the start of the next.");

  public static final ConfigOption<Integer> MAX_CONCURRENT = ConfigOption.of(
      "execution.checkpointing.max-concurrent-checkpoints", Integer.class, 1,
      "Checkpoints that may be in progress at once.");

  public static final ConfigOption<Integer> TOLERABLE_FAILURES = ConfigOption.of(
      "execution.checkpointing.tolerable-failed-checkpoints", Integer.class, 0,
      "Consecutive failed checkpoints tolerated before the job fails.");

  public static final ConfigOption<String> DIRECTORY = ConfigOption.of(
      "state.checkpoints.dir", String.class, null,
      "Where checkpoints go, on any Hadoop FileSystem (hdfs://, file://): <dir>/<jobId>/chk-<n>/. Required "
          + "when checkpointing is enabled.");

  public static final ConfigOption<String> PERMISSION = ConfigOption.of(
      "state.checkpoints.permission", String.class, "700",
      "Permission (octal, as chmod takes it) of the job's checkpoint directory, each chk-<n> and shared/ in it, and "
          + "each savepoint directory; their files get the same without the execute bits. State holds user data: "
          + "the default lets only the job's user read it. A parent directory that does not exist yet is created "
          + "with it too, so create a checkpoint or savepoint directory that several users share beforehand.");

  public static final ConfigOption<Integer> NUM_RETAINED = ConfigOption.of(
      "state.checkpoints.num-retained", Integer.class, 1,
      "Completed checkpoints kept; older ones are deleted, with the files no kept checkpoint refers to.");

  public static final ConfigOption<String> SAVEPOINT_PATH = ConfigOption.of(
      "execution.savepoint.path", String.class, null,
      "Savepoint or checkpoint the job starts from: its directory (savepoint-<jobId>-<n>, chk-<n>) or its _metadata "
          + "file. The CLI's -s sets it. State is matched to operators by uid (else by position in the plan).");

  public static final ConfigOption<String> SAVEPOINT_DIRECTORY = ConfigOption.of(
      "state.savepoints.dir", String.class, null,
      "Default directory for savepoints (weft savepoint, weft stop) when the command names none; any Hadoop "
          + "FileSystem. Each savepoint is a new savepoint-<jobId>-<n> directory in it, self-contained.");

  public static final ConfigOption<Boolean> IGNORE_UNCLAIMED_STATE = ConfigOption.of(
      "execution.savepoint.ignore-unclaimed-state", Boolean.class, false,
      "Start even if some restored state belongs to no operator of the job; that state is then dropped. The "
          + "CLI's -n (--allowNonRestoredState) sets it. Without it, a restore with such state is refused, naming "
          + "the operators the state belongs to.");

  public static final ConfigOption<Boolean> CHECKPOINTS_AFTER_TASKS_FINISH = ConfigOption.of(
      "execution.checkpointing.checkpoints-after-tasks-finish.enabled", Boolean.class, true,
      "With checkpoints on, in STREAMING mode: a task whose input ended finishes its operators, takes part in "
          + "checkpoints until the JobManager's final checkpoint (taken once every source ended) completes, and "
          + "only then ends; a transactional sink commits its last data with that checkpoint. false: a sink "
          + "commits its last data as its input ends, and the first task to end stops checkpoints, so a "
          + "failure before the job ends writes that data again.");

  /** Whether {@code conf} asks for checkpoints (a positive interval). */
  public static boolean enabledIn(Configuration conf) {
    java.time.Duration interval = conf.get(INTERVAL);
    return !interval.isZero() && !interval.isNegative();
  }

  /**
   * Whether a job run in {@code mode} with {@code conf} ends with a final checkpoint: checkpoints on,
   * {@link #CHECKPOINTS_AFTER_TASKS_FINISH} on, and STREAMING (BATCH runs take no checkpoints).
   */
  public static boolean endsWithFinalCheckpoint(Configuration conf, io.weft.core.plan.RuntimeMode mode) {
    return enabledIn(conf) && conf.get(CHECKPOINTS_AFTER_TASKS_FINISH) && mode != io.weft.core.plan.RuntimeMode.BATCH;
  }

  /** {@link #PERMISSION} as a Hadoop permission; a value that is not 3 or 4 octal digits is refused, naming the key. */
  public static org.apache.hadoop.fs.permission.FsPermission permissionOf(Configuration conf) {
    String value = conf.get(PERMISSION);
    String v = value == null ? "" : value.trim();
    if (!v.matches("[0-7]{3,4}")) {
      throw new IllegalArgumentException(PERMISSION.key() + " must be an octal permission such as 700 or 750, got '"
          + value + "'");
    }
    return new org.apache.hadoop.fs.permission.FsPermission((short) Integer.parseInt(v, 8));
  }

  /** Every option, for the documentation check. */
  public static List<ConfigOption<?>> all() {
    return List.of(INTERVAL, MODE, TIMEOUT, MIN_PAUSE, MAX_CONCURRENT, TOLERABLE_FAILURES, DIRECTORY, PERMISSION,
        NUM_RETAINED, SAVEPOINT_PATH, SAVEPOINT_DIRECTORY, IGNORE_UNCLAIMED_STATE, CHECKPOINTS_AFTER_TASKS_FINISH);
  }
}
