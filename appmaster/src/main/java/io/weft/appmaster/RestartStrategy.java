package io.weft.appmaster;

import io.weft.core.config.CheckpointOptions;
import io.weft.core.config.Configuration;
import io.weft.core.config.RestartOptions;
import java.util.ArrayDeque;

/** Whether, and after how long, a failed job restarts (Flink's none, fixed-delay, failure-rate). */
final class RestartStrategy {
  private final String type;
  private final int maxFailures;
  private final long intervalMillis;
  private final long delayMillis;
  private final ArrayDeque<Long> failures = new ArrayDeque<>();
  private int restarts;

  private RestartStrategy(String type, int maxFailures, long intervalMillis, long delayMillis) {
    this.type = type;
    this.maxFailures = maxFailures;
    this.intervalMillis = intervalMillis;
    this.delayMillis = delayMillis;
  }

  static RestartStrategy of(Configuration conf) {
    RestartOptions.Kind kind = RestartOptions.kindOf(conf);
    if (kind == null) {
      return CheckpointOptions.enabledIn(conf)
          ? new RestartStrategy("fixed-delay (unlimited, as checkpointing is on)", Integer.MAX_VALUE, 0,
              conf.get(RestartOptions.FIXED_DELAY_DELAY).toMillis())
          : new RestartStrategy("none", 0, 0, 0);
    }
    return switch (kind) {
      case NONE -> new RestartStrategy("none", 0, 0, 0);
      case FIXED_DELAY -> new RestartStrategy("fixed-delay",
          conf.get(RestartOptions.FIXED_DELAY_ATTEMPTS), 0, conf.get(RestartOptions.FIXED_DELAY_DELAY).toMillis());
      case FAILURE_RATE -> new RestartStrategy("failure-rate",
          conf.get(RestartOptions.FAILURE_RATE_MAX_FAILURES), conf.get(RestartOptions.FAILURE_RATE_INTERVAL).toMillis(),
          conf.get(RestartOptions.FAILURE_RATE_DELAY).toMillis());
    };
  }

  /** Records a failure at {@code now}; true if the job may restart. */
  boolean failed(long now) {
    if (type.startsWith("failure-rate")) {
      failures.addLast(now);
      while (!failures.isEmpty() && failures.peekFirst() <= now - intervalMillis) {
        failures.pollFirst();
      }
      return failures.size() <= maxFailures;
    }
    if (restarts >= maxFailures) {
      return false;
    }
    restarts++;
    return true;
  }

  long delayMillis() {
    return delayMillis;
  }

  @Override
  public String toString() {
    return type;
  }
}
