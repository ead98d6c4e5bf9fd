package io.weft.appmaster.autoscale;

import java.util.Locale;

/**
 * The autoscaler's view of one task at one evaluation, with its inputs, as logged and shown.
 *
 * @param trueRatePerSubtask records one subtask processes per second of busy time (its capacity at 100 %)
 * @param targetRate the records per second the task must process: the sources' observed (plus catch-up)
 *     rate propagated through the tasks before it
 * @param utilization the share of its capacity the target rate needs at the current parallelism
 * @param newParallelism what the autoscaler recommends (equal to {@code parallelism}: no change)
 * @param reason why
 */
public record VertexDecision(int vertexId, String name, int parallelism, int newParallelism, double busyRatio,
    double processedPerSecond, double trueRatePerSubtask, double targetRate, double utilization, String reason) {

  public boolean changes() {
    return newParallelism != parallelism;
  }

  /** One line for the log. */
  public String describe() {
    return String.format(Locale.ROOT, "task %d '%s': p=%d -> %d (%s); busy=%.3f processed=%.1f/s"
        + " trueRate/subtask=%.1f/s target=%.1f/s utilization=%.3f", vertexId, name, parallelism, newParallelism,
        reason, busyRatio, processedPerSecond, trueRatePerSubtask, targetRate, utilization);
  }
}
