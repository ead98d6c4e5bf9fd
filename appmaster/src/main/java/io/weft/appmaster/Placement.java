package io.weft.appmaster;

import io.weft.core.plan.JobGraph;

/**
 * Where the JobManager puts subtasks, with slot sharing: subtask i of every task goes to
 * TaskManager {@code i / slots}, slot {@code i % slots}, so a TaskManager holds whole parallel
 * slices of the pipeline and the job needs {@code ceil(maxTaskParallelism / slots)} TaskManagers.
 * Channels within a TaskManager stay in the JVM; the others go over the network.
 */
public final class Placement {
  private final int slots;
  /** Not final: an in-place rescale ({@code rescale.Rescaler}) changes how many TaskManagers the job uses. */
  private volatile int numTaskManagers;

  private Placement(int slots, int numTaskManagers) {
    this.slots = slots;
    this.numTaskManagers = numTaskManagers;
  }

  /** The placement of {@code graph} on TaskManagers with {@code slots} slots each. */
  public static Placement of(JobGraph graph, int slots) {
    if (slots < 1) {
      throw new IllegalArgumentException("a TaskManager needs at least one slot, not " + slots);
    }
    return new Placement(slots, (graph.maxTaskParallelism() + slots - 1) / slots);
  }

  public int slots() {
    return slots;
  }

  public int numTaskManagers() {
    return numTaskManagers;
  }

  /** The job now runs {@code graph} (an in-place rescale): as many TaskManagers as its widest task needs. */
  void resizeFor(JobGraph graph) {
    numTaskManagers = (graph.maxTaskParallelism() + slots - 1) / slots;
  }

  public int taskManagerOf(int subtaskIndex) {
    return subtaskIndex / slots;
  }

  public int slotOf(int subtaskIndex) {
    return subtaskIndex % slots;
  }
}
