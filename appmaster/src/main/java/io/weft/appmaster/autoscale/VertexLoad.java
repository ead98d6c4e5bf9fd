package io.weft.appmaster.autoscale;

import java.util.List;

/**
 * What one task (vertex) did over the metrics window: the inputs of a scaling decision.
 *
 * @param inputs the vertices it reads from (one entry per edge)
 * @param forwardTo the vertices it feeds through a FORWARD edge (they must keep its parallelism)
 * @param maxParallelism its key groups: no parallelism above
 * @param busyRatio the mean share of time its subtasks were busy (neither idle nor backpressured), 0..1
 * @param recordsInPerSecond records into all its subtasks per second
 * @param recordsOutPerSecond records out of all its subtasks per second
 * @param pendingRecords for a source, the backlog its subtasks report (Kafka's lag), or -1 if none reported
 * @param pendingGrowthPerSecond how fast that backlog grew over the window (negative: it shrank)
 */
public record VertexLoad(int vertexId, String name, boolean source, int parallelism, int maxParallelism,
    List<Integer> inputs, List<Integer> forwardTo, double busyRatio, double recordsInPerSecond,
    double recordsOutPerSecond, double pendingRecords, double pendingGrowthPerSecond) {
  public VertexLoad {
    inputs = List.copyOf(inputs);
    forwardTo = List.copyOf(forwardTo);
  }

  /** The records it processed per second: what a source emitted, what another task read. */
  double processedPerSecond() {
    return source ? recordsOutPerSecond : recordsInPerSecond;
  }
}
