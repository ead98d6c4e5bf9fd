package io.weft.appmaster;

import io.weft.core.plan.JobGraph;
import io.weft.core.plan.JobVertex;
import io.weft.core.plan.Partitioning;
import io.weft.core.plan.StreamEdge;

/**
 * Where the JobManager puts subtasks, with slot sharing: subtask i of every task goes to
 * TaskManager {@code i / slots}, slot {@code i % slots}, so a TaskManager holds whole parallel
 * slices of the pipeline and the job needs {@code ceil(maxTaskParallelism / slots)} TaskManagers.
 *
 * <p>Until the network data plane exists, subtasks exchange data only through in-JVM channels, so
 * {@link #of} refuses a plan in which some edge connects subtasks on different TaskManagers.
 */
public final class Placement {
  /** The start of the diagnostic for plans this build cannot run. */
  public static final String NEEDS_NETWORK = "this job needs data exchange between TaskManagers, which this build"
      + " cannot do yet; run it with parallelism <= slots per TaskManager (-ys)";

  private final int slots;
  private final int numTaskManagers;

  private Placement(int slots, int numTaskManagers) {
    this.slots = slots;
    this.numTaskManagers = numTaskManagers;
  }

  /**
   * The placement of {@code graph} on TaskManagers with {@code slots} slots each.
   *
   * @throws IllegalStateException with {@link #NEEDS_NETWORK} and the offending edge when a channel
   *     would cross TaskManagers
   */
  public static Placement of(JobGraph graph, int slots) {
    if (slots < 1) {
      throw new IllegalArgumentException("a TaskManager needs at least one slot, not " + slots);
    }
    Placement p = new Placement(slots, (graph.maxTaskParallelism() + slots - 1) / slots);
    for (JobVertex producer : graph.vertices()) {
      for (StreamEdge edge : producer.outputs()) {
        JobVertex consumer = graph.vertexOf(edge.target());
        boolean forward = edge.partitioning().kind() == Partitioning.Kind.FORWARD;
        for (int i = 0; i < producer.parallelism(); i++) {
          for (int j = 0; j < consumer.parallelism(); j++) {
            if (forward && i != j) {
              continue;
            }
            if (p.taskManagerOf(i) != p.taskManagerOf(j)) {
              throw new IllegalStateException(NEEDS_NETWORK + ". The " + edge.partitioning().kind()
                  + " edge from '" + producer.name() + "' (parallelism " + producer.parallelism() + ") to '"
                  + consumer.name() + "' (parallelism " + consumer.parallelism() + ") connects subtask " + (i + 1)
                  + " on TaskManager " + p.taskManagerOf(i) + " with subtask " + (j + 1) + " on TaskManager "
                  + p.taskManagerOf(j) + " at " + slots + " slots per TaskManager");
            }
          }
        }
      }
    }
    return p;
  }

  public int slots() {
    return slots;
  }

  public int numTaskManagers() {
    return numTaskManagers;
  }

  public int taskManagerOf(int subtaskIndex) {
    return subtaskIndex / slots;
  }

  public int slotOf(int subtaskIndex) {
    return subtaskIndex % slots;
  }
}
