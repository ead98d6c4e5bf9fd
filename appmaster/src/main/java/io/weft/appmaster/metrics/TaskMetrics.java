package io.weft.appmaster.metrics;

import io.weft.core.rpc.TaskStatus;

/**
 * A subtask's latest counters from its TaskManager's heartbeat, and what the JobManager derives
 * from two heartbeats in a row: the share of the interval it was backpressured and its rates.
 *
 * @param atMillis the heartbeat's timestamp (the TaskManager's clock: only differences are used)
 */
public record TaskMetrics(TaskStatus status, long atMillis, double backPressuredRatio, double recordsInPerSecond,
    double recordsOutPerSecond) {

  /** The metrics after {@code status} arrived at {@code atMillis}, given the ones before (or null). */
  public static TaskMetrics next(TaskMetrics before, TaskStatus status, long atMillis) {
    if (before == null || atMillis <= before.atMillis()) {
      return new TaskMetrics(status, atMillis, 0, 0, 0);
    }
    double millis = atMillis - before.atMillis();
    double ratio = (status.backPressuredMillis() - before.status().backPressuredMillis()) / millis;
    return new TaskMetrics(status, atMillis, Math.max(0, Math.min(1.0, ratio)),
        rate(status.recordsIn() - before.status().recordsIn(), millis),
        rate(status.recordsOut() - before.status().recordsOut(), millis));
  }

  private static double rate(long delta, double millis) {
    return Math.max(0, delta) * 1000.0 / millis;
  }
}
