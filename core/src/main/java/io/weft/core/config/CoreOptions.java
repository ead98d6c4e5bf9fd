package io.weft.core.config;

import io.weft.core.plan.RuntimeMode;
import java.time.Duration;
import java.util.List;

/** The options of the API and the plan, with Flink's key names where the concept is the same. */
public final class CoreOptions {
  private CoreOptions() {}

  public static final ConfigOption<Integer> DEFAULT_PARALLELISM = ConfigOption.of(
      "parallelism.default", Integer.class, 1,
      "Parallelism of operators that set none, when the environment sets none either. The CLI's -p/-yp sets it.");

  public static final ConfigOption<Integer> MAX_PARALLELISM = ConfigOption.of(
      "pipeline.max-parallelism", Integer.class, -1,
      "Number of key groups, the upper bound for rescaling keyed state; -1 derives it from the parallelism (at least 128).");

  public static final ConfigOption<RuntimeMode> RUNTIME_MODE = ConfigOption.of(
      "execution.runtime-mode", RuntimeMode.class, RuntimeMode.STREAMING,
      "STREAMING, BATCH, or AUTOMATIC (BATCH when every source is bounded).");

  public static final ConfigOption<String> EXECUTION_TARGET = ConfigOption.of(
      "execution.target", String.class, "local",
      "Where execute() runs the job: 'local' (in this JVM) or 'yarn-cluster'.");

  public static final ConfigOption<Duration> BUFFER_TIMEOUT = ConfigOption.of(
      "execution.buffer-timeout", Duration.class, Duration.ofMillis(100),
      "Longest time an element waits in a partly filled output buffer before it is sent; 0 sends every element at once.");

  public static final ConfigOption<String> JOB_NAME = ConfigOption.of(
      "pipeline.name", String.class, null,
      "Name of the job when execute() is called without one.");

  public static final ConfigOption<Integer> NUM_TASK_SLOTS = ConfigOption.of(
      "taskmanager.numberOfTaskSlots", Integer.class, 1,
      "Slots per TaskManager; each slot runs one parallel pipeline of the job. The CLI's -ys sets it.");

  public static final ConfigOption<Duration> TASK_CANCELLATION_TIMEOUT = ConfigOption.of(
      "task.cancellation.timeout", Duration.class, Duration.ofSeconds(180),
      "How long a canceled task may take to end before its TaskManager container exits with a fatal error (and is "
          + "replaced): a task of an old execution must never run beside its successor. 0 disables the watchdog.");

  /** Declared here, beside the slots it defaults from: the launcher checks it and the ApplicationMaster requests it. */
  public static final ConfigOption<Integer> CONTAINER_VCORES = ConfigOption.of(
      "yarn.containers.vcores", Integer.class, -1,
      "Virtual cores requested per TaskManager container; -1 requests one per slot.");

  public static final ConfigOption<Duration> AUTO_WATERMARK_INTERVAL = ConfigOption.of(
      "pipeline.auto-watermark-interval", Duration.class, Duration.ofMillis(200),
      "How often assignTimestampsAndWatermarks(...) emits periodic watermarks (and checks for idleness); 0 disables "
          + "periodic emission, leaving only watermarks a generator emits per element.");

  public static final ConfigOption<String> CACHED_FILES = ConfigOption.of(
      "pipeline.cached-files", String.class, null,
      "Files and directories every TaskManager gets once, set by registerCachedFile: entries "
          + "name:<n>,path:<p>[,executable:true] separated by ';'. A path without a scheme is on the client's disk.");

  public static final ConfigOption<Boolean> WINDOW_SLICING = ConfigOption.of(
      "execution.window-slicing", Boolean.class, false,
      "Whether sliding event-time windows with a reduce or aggregate function (and the default trigger) keep each "
          + "element once, in its slice of gcd(size, slide), and combine the slices when a window fires, instead of "
          + "updating size/slide windows per element. Results equal Flink's when the ReduceFunction is associative and "
          + "commutative, or the AggregateFunction's merge agrees with add (as sums, counts, min and max do); a "
          + "savepoint restores only with the setting it was taken with.");

  /** Every option of this module, for the documentation check. */
  public static List<ConfigOption<?>> all() {
    return List.of(DEFAULT_PARALLELISM, MAX_PARALLELISM, RUNTIME_MODE, EXECUTION_TARGET, BUFFER_TIMEOUT,
        JOB_NAME, NUM_TASK_SLOTS, TASK_CANCELLATION_TIMEOUT, CONTAINER_VCORES, AUTO_WATERMARK_INTERVAL, CACHED_FILES,
        WINDOW_SLICING);
  }

  /** The vcores of a TaskManager container: {@link #CONTAINER_VCORES}, or one per slot when it is -1. */
  public static int vcoresPerTaskManager(Configuration conf) {
    int vcores = conf.get(CONTAINER_VCORES);
    return vcores == -1 ? conf.get(NUM_TASK_SLOTS) : vcores;
  }
}
