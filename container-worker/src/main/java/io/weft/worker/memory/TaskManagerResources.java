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
  private final List<SlotBudget> slotBudgets = new ArrayList<>();

  private TaskManagerResources(TaskManagerMemory memory, int slots, List<File> localDirs, String name) {
    this.memory = memory;
    this.slots = slots;
    long perSlot = memory.managedPerSlot(slots).bytes();
    for (int i = 0; i < slots; i++) {
      slotBudgets.add(new SlotBudget(i, "slot " + i + " of " + name, perSlot, localDirs));
    }
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

  /** As above, for the TaskManager called {@code name} in messages ("TaskManager tm-3"). */
  public static TaskManagerResources of(Configuration conf, String yarnLocalDirs, String name) {
    int slots = conf.get(CoreOptions.NUM_TASK_SLOTS);
    if (slots < 1) {
      throw new IllegalArgumentException(CoreOptions.NUM_TASK_SLOTS.key() + " must be at least 1, not " + slots);
    }
    return new TaskManagerResources(TaskManagerMemory.of(conf), slots, localDirs(yarnLocalDirs), name);
  }

  /** As above, with {@code yarnLocalDirs} the comma-separated directories (null outside YARN). */
  static TaskManagerResources of(Configuration conf, String yarnLocalDirs) {
    return of(conf, yarnLocalDirs, "this TaskManager");
  }

  /**
   * A local run ({@code -m local}): one TaskManager with a slot per parallel pipeline, so its
   * managed memory is divided among {@code slots}, whatever {@code taskmanager.numberOfTaskSlots}
   * says (the slots the run really has, not those a YARN TaskManager would have).
   */
  public static TaskManagerResources forLocalRun(Configuration conf, int slots) {
    if (slots < 1) {
      throw new IllegalArgumentException("a local run needs at least 1 slot, not " + slots);
    }
    return new TaskManagerResources(TaskManagerMemory.of(conf), slots, localDirs(null), "the local run");
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

  /** What slot {@code slot} may use; every task deployed into that slot gets this budget. */
  public SlotBudget slotBudget(int slot) {
    if (slot < 0 || slot >= slots) {
      throw new IllegalArgumentException("slot " + slot + " does not exist: this TaskManager has " + slots
          + " slots (" + CoreOptions.NUM_TASK_SLOTS.key() + ")");
    }
    return slotBudgets.get(slot);
  }

  /** Slot 0's budget: for a process whose tasks all share one slot (tests, harnesses, benchmarks). */
  public SlotBudget slotBudget() {
    return slotBudgets.get(0);
  }

  @Override
  public String toString() {
    return "process " + memory.processSize() + ", network " + memory.network() + ", managed " + memory.managed()
        + " (" + slots + " slots of " + slotBudgets.get(0).managedBytes() + " bytes), local dirs "
        + slotBudgets.get(0).localDirs();
  }
}
