package io.weft.appmaster.autoscale;

import io.weft.core.config.ConfigOption;
import java.time.Duration;
import java.util.List;

/**
 * The autoscaler of the ApplicationMaster (off by default). Keys are those of Flink's Kubernetes
 * autoscaler ({@code job.autoscaler.*}) where the concept is the same; {@code evaluation.interval}
 * and {@code max-containers} are Weft's (YARN containers, not Kubernetes resources).
 */
public final class AutoscalerOptions {
  private AutoscalerOptions() {}

  public static final ConfigOption<Boolean> ENABLED = ConfigOption.of(
      "job.autoscaler.enabled", Boolean.class, false,
      "Lets the ApplicationMaster rescale the job in place by itself, from each task's busy time and records in"
          + " and out (needs checkpoints: a rescale restores one).");

  public static final ConfigOption<Duration> EVALUATION_INTERVAL = ConfigOption.of(
      "job.autoscaler.evaluation.interval", Duration.class, Duration.ofSeconds(10),
      "How often the autoscaler samples the TaskManagers' metrics and decides (they report every 5 s).");

  public static final ConfigOption<Duration> METRICS_WINDOW = ConfigOption.of(
      "job.autoscaler.metrics.window", Duration.class, Duration.ofMinutes(5),
      "The span of metrics a decision averages over. After the job starts or is rescaled, no decision is"
          + " taken until a whole window of new metrics is collected.");

  public static final ConfigOption<Double> TARGET_UTILIZATION = ConfigOption.of(
      "job.autoscaler.target.utilization", Double.class, 0.7,
      "The share of each subtask's time it should be busy at the observed (or catch-up) input rate; the"
          + " parallelism a decision picks is the one that reaches it.");

  public static final ConfigOption<Double> TARGET_UTILIZATION_BOUNDARY = ConfigOption.of(
      "job.autoscaler.target.utilization.boundary", Double.class, 0.3,
      "A task is rescaled only when its utilization is above target + boundary or below target - boundary.");

  public static final ConfigOption<Duration> STABILIZATION_INTERVAL = ConfigOption.of(
      "job.autoscaler.stabilization.interval", Duration.class, Duration.ofMinutes(1),
      "How long a decision must hold (the same tasks to rescale, in the same direction) before the job is"
          + " rescaled; the latest parallelism is then applied.");

  public static final ConfigOption<Duration> CATCH_UP_DURATION = ConfigOption.of(
      "job.autoscaler.catch-up.duration", Duration.class, Duration.ofMinutes(5),
      "For sources that report pendingRecords (Kafka's lag): the backlog must be read within this time on top"
          + " of the incoming rate.");

  public static final ConfigOption<Integer> VERTEX_MAX_PARALLELISM = ConfigOption.of(
      "job.autoscaler.vertex.max-parallelism", Integer.class, 200,
      "The most parallelism the autoscaler gives a task (also never above its max parallelism, the key groups).");

  public static final ConfigOption<Integer> MAX_CONTAINERS = ConfigOption.of(
      "job.autoscaler.max-containers", Integer.class, 10,
      "The most TaskManager containers the autoscaler may make the job use (parallelism is capped at this"
          + " times the slots per TaskManager).");

  /**
   * Checks the autoscaler's values (when it is on) as the ApplicationMaster will use them, so that
   * {@code weft run} refuses them before anything is submitted.
   *
   * @throws IllegalArgumentException naming the key, the value and the limit
   */
  public static void check(io.weft.core.config.Configuration conf) {
    if (!conf.get(ENABLED)) {
      return;
    }
    for (ConfigOption<Duration> d : List.of(EVALUATION_INTERVAL, METRICS_WINDOW, CATCH_UP_DURATION)) {
      if (conf.get(d).isNegative() || conf.get(d).isZero()) {
        throw new IllegalArgumentException(d.key() + " " + conf.get(d) + ": it must be positive");
      }
    }
    if (conf.get(STABILIZATION_INTERVAL).isNegative()) {
      throw new IllegalArgumentException(STABILIZATION_INTERVAL.key() + " " + conf.get(STABILIZATION_INTERVAL)
          + ": it must not be negative");
    }
    new ScalingPolicy.Settings(conf.get(TARGET_UTILIZATION), conf.get(TARGET_UTILIZATION_BOUNDARY),
        conf.get(VERTEX_MAX_PARALLELISM), conf.get(MAX_CONTAINERS), 1, conf.get(CATCH_UP_DURATION).toMillis() / 1000.0);
  }

  public static List<ConfigOption<?>> all() {
    return List.of(ENABLED, EVALUATION_INTERVAL, METRICS_WINDOW, TARGET_UTILIZATION, TARGET_UTILIZATION_BOUNDARY,
        STABILIZATION_INTERVAL, CATCH_UP_DURATION, VERTEX_MAX_PARALLELISM, MAX_CONTAINERS);
  }
}
