package io.weft.appmaster;

import io.weft.appmaster.containers.ContainerOptions;
import io.weft.core.config.Configuration;
import io.weft.core.config.CoreOptions;
import io.weft.core.plan.JobGraph;
import io.weft.core.rpc.PeerAddresses;

/**
 * Where the JobManager puts subtasks. The job gets {@code n = ceil(maxTaskParallelism / slots)}
 * TaskManagers, and with slot sharing subtask i of every task goes to the same slot, so a slot
 * holds one parallel slice of the pipeline and forward channels stay in the JVM.
 *
 * <p>Spread ({@code cluster.evenly-spread-out-slots}, the default): subtask i goes to TaskManager
 * {@code i % n}, slot {@code i / n}. A task of lower parallelism than the job's largest then has its
 * subtasks on as many TaskManagers as it has subtasks (p=4 on 8 TaskManagers: one on each of 4),
 * so its CPU, memory and network load is shared out instead of falling on the first TaskManagers.
 * Packed: subtask i goes to TaskManager {@code i / slots}, slot {@code i % slots}, filling one
 * TaskManager before the next; a task of low parallelism then keeps its exchanges in fewer JVMs.
 * Either way every subtask index maps to exactly one (TaskManager, slot) and no slot holds two
 * subtasks of one task; only the mapping from index to position differs.
 */
public final class Placement {
  private final int slots;
  /**
   * The TaskManager positions the job keeps. Not final: an in-place rescale ({@code rescale.Rescaler})
   * adds positions while the old attempt still runs, and removes them once it ended.
   */
  private volatile int numTaskManagers;
  /**
   * The number of TaskManagers subtasks are spread over: changes only between two execution
   * attempts ({@link #placeFor}), so the running tasks keep the TaskManager they were deployed to
   * while a rescale adds positions for the next attempt.
   */
  private volatile int spreadOver;
  private final boolean spread;

  private Placement(int slots, int numTaskManagers, boolean spread) {
    this.slots = slots;
    this.numTaskManagers = numTaskManagers;
    this.spreadOver = numTaskManagers;
    this.spread = spread;
  }

  /** The placement {@code conf} asks for: its slots per TaskManager and whether subtasks are spread. */
  public static Placement of(JobGraph graph, Configuration conf) {
    return of(graph, conf.get(CoreOptions.NUM_TASK_SLOTS), conf.get(ContainerOptions.EVENLY_SPREAD_OUT_SLOTS));
  }

  /** The default (spread) placement of {@code graph} on TaskManagers with {@code slots} slots each. */
  public static Placement of(JobGraph graph, int slots) {
    return of(graph, slots, ContainerOptions.EVENLY_SPREAD_OUT_SLOTS.defaultValue());
  }

  /** The placement of {@code graph} on TaskManagers with {@code slots} slots each, spread or packed. */
  public static Placement of(JobGraph graph, int slots, boolean spread) {
    if (slots < 1) {
      throw new IllegalArgumentException("a TaskManager needs at least one slot (taskmanager.numberOfTaskSlots, -ys),"
          + " not " + slots);
    }
    return new Placement(slots, taskManagersFor(graph, slots), spread);
  }

  public int slots() {
    return slots;
  }

  public int numTaskManagers() {
    return numTaskManagers;
  }

  /**
   * The job will run {@code graph} (an in-place rescale): as many TaskManager positions as its
   * widest task needs. Where the running subtasks are does not change; see {@link #placeFor}.
   */
  void resizeFor(JobGraph graph) {
    numTaskManagers = taskManagersFor(graph, slots);
  }

  /** How many TaskManagers of {@code slots} slots {@code graph} needs: one slot per subtask of its widest task. */
  static int taskManagersFor(JobGraph graph, int slots) {
    return (graph.maxTaskParallelism() + slots - 1) / slots;
  }

  /** Between two execution attempts, the next of which deploys {@code graph}: its positions and its spread. */
  void placeFor(JobGraph graph) {
    resizeFor(graph);
    spreadOver = numTaskManagers;
  }

  public boolean spread() {
    return spread;
  }

  public int taskManagerOf(int subtaskIndex) {
    return PeerAddresses.positionOf(spread, stride(), subtaskIndex);
  }

  /**
   * What {@link #taskManagerOf} divides by: the TaskManagers the subtasks are spread over, or the
   * slots of one (packed). TaskManagers get it in their deployment's {@link PeerAddresses}.
   */
  int stride() {
    return spread ? spreadOver : slots;
  }

  public int slotOf(int subtaskIndex) {
    return spread ? subtaskIndex / spreadOver : subtaskIndex % slots;
  }
}
