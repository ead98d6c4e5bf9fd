package io.weft.worker.memory;

import io.weft.core.config.Configuration;
import io.weft.core.config.CoreOptions;
import io.weft.core.memory.TaskManagerMemory;
import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * The resources of one TaskManager process, computed once when it starts: the memory model of
 * {@code taskmanager.memory.process.size} (whose network share sizes the buffer pool) and the
 * budget every slot gets. A local run ({@code -m local}) computes them the same way, so it behaves
 * like one TaskManager of the cluster.
 */
public final class TaskManagerResources {
  private final TaskManagerMemory memory;
  private final int slots;
  private final SlotBudget slotBudget;

  private TaskManagerResources(TaskManagerMemory memory, int slots, List<File> localDirs) {
    this.memory = memory;
    this.slots = slots;
    this.slotBudget = new SlotBudget(memory.managedPerSlot(slots).bytes(), localDirs);
  }

  /**
   * The resources {@code conf} gives this process, with YARN's local directories of the
   * container ({@code LOCAL_DIRS}), else the JVM's temporary directory.
   *
   * @throws IllegalArgumentException naming the option when the process size is too small or
   *     the number of slots is not positive
   */
  public static TaskManagerResources of(Configuration conf) {
    return of(conf, System.getenv("LOCAL_DIRS"));
  }

  /** As above, with {@code yarnLocalDirs} the comma-separated directories (null outside YARN). */
  static TaskManagerResources of(Configuration conf, String yarnLocalDirs) {
    int slots = conf.get(CoreOptions.NUM_TASK_SLOTS);
    if (slots < 1) {
      throw new IllegalArgumentException(CoreOptions.NUM_TASK_SLOTS.key() + " must be at least 1, not " + slots);
    }
    return new TaskManagerResources(TaskManagerMemory.of(conf), slots, localDirs(yarnLocalDirs));
  }

  private static List<File> localDirs(String yarnLocalDirs) {
    List<File> dirs = new ArrayList<>();
    if (yarnLocalDirs != null) {
      for (String d : yarnLocalDirs.split(",")) {
        if (!d.isBlank()) {
          dirs.add(new File(d.trim()));
        }
      }
    }
    if (dirs.isEmpty()) {
      dirs.add(new File(System.getProperty("java.io.tmpdir")));
    }
    return dirs;
  }

  public TaskManagerMemory memory() {
    return memory;
  }

  public int slots() {
    return slots;
  }

  /** The bytes of the network buffer pool. */
  public long networkBytes() {
    return memory.network().bytes();
  }

  /** What each slot may use: every task of the process gets this one budget. */
  public SlotBudget slotBudget() {
    return slotBudget;
  }

  @Override
  public String toString() {
    return "process " + memory.processSize() + ", network " + memory.network() + ", managed " + memory.managed()
        + " (" + slots + " slots of " + slotBudget.managedBytes() + " bytes), local dirs " + slotBudget.localDirs();
  }
}
