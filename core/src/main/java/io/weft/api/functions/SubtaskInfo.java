package io.weft.api.functions;

import io.weft.core.config.Configuration;

/** Which parallel instance a reader or writer is, and the job's configuration. */
public interface SubtaskInfo {
  int subtaskIndex();

  int parallelism();

  Configuration configuration();

  /** The job's execution attempt: 0, then one more each time the job restarts after a failure. */
  default int attemptNumber() {
    return 0;
  }

  /**
   * Whether the job takes a final checkpoint after this subtask's input ended and before the
   * subtask ends (STREAMING with checkpoints): a transactional writer then commits what it wrote
   * last when that checkpoint completes, not at the end of its input.
   */
  default boolean endsWithFinalCheckpoint() {
    return false;
  }

  /** The operator's metric group, where a source reader or sink writer registers its metrics (Kafka's lag). */
  default io.weft.api.metrics.MetricGroup metricGroup() {
    return new io.weft.api.metrics.UnregisteredMetricsGroup();
  }
}
