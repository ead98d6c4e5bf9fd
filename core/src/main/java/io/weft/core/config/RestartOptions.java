package io.weft.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** How a job restarts after a task fails, with Flink's key names. */
public final class RestartOptions {
  private RestartOptions() {}

  public static final ConfigOption<String> TYPE = ConfigOption.of(
      "restart-strategy.type", String.class, null,
      "none, fixed-delay or failure-rate. Unset: fixed-delay with unlimited attempts when checkpointing is on, "
          + "else none. A restart restores the latest completed checkpoint.");

  public static final ConfigOption<Integer> FIXED_DELAY_ATTEMPTS = ConfigOption.of(
      "restart-strategy.fixed-delay.attempts", Integer.class, 1,
      "Restarts fixed-delay allows before the job fails.");

  public static final ConfigOption<Duration> FIXED_DELAY_DELAY = ConfigOption.of(
      "restart-strategy.fixed-delay.delay", Duration.class, Duration.ofSeconds(1),
      "Time between a failure and the restart, for fixed-delay.");

  public static final ConfigOption<Integer> FAILURE_RATE_MAX_FAILURES = ConfigOption.of(
      "restart-strategy.failure-rate.max-failures-per-interval", Integer.class, 1,
      "Failures failure-rate allows within one interval before the job fails.");

  public static final ConfigOption<Duration> FAILURE_RATE_INTERVAL = ConfigOption.of(
      "restart-strategy.failure-rate.failure-rate-interval", Duration.class, Duration.ofMinutes(1),
      "The interval failure-rate counts failures in.");

  public static final ConfigOption<Duration> FAILURE_RATE_DELAY = ConfigOption.of(
      "restart-strategy.failure-rate.delay", Duration.class, Duration.ofSeconds(1),
      "Time between a failure and the restart, for failure-rate.");

  /** The restart strategies. */
  public enum Kind { NONE, FIXED_DELAY, FAILURE_RATE }

  /**
   * The strategy {@link #TYPE} names, with Flink's aliases (off, disable, fixeddelay, failurerate);
   * null when unset.
   *
   * @throws IllegalArgumentException naming the value and the choices
   */
  public static Kind kindOf(Configuration conf) {
    String type = conf.get(TYPE);
    if (type == null || type.isBlank()) {
      return null;
    }
    return switch (type.trim().toLowerCase(Locale.ROOT)) {
      case "none", "off", "disable" -> Kind.NONE;
      case "fixed-delay", "fixeddelay" -> Kind.FIXED_DELAY;
      case "failure-rate", "failurerate" -> Kind.FAILURE_RATE;
      default -> throw new IllegalArgumentException("'" + type + "' is not a restart strategy; use none, "
          + "fixed-delay or failure-rate");
    };
  }

  public static List<ConfigOption<?>> all() {
    return List.of(TYPE, FIXED_DELAY_ATTEMPTS, FIXED_DELAY_DELAY, FAILURE_RATE_MAX_FAILURES, FAILURE_RATE_INTERVAL,
        FAILURE_RATE_DELAY);
  }
}
