package io.weft.worker.memory;

import java.io.File;
import java.util.List;

/**
 * What one slot of a TaskManager may use beyond the heap: its share of the managed memory (which
 * bounds each RocksDB instance of the slot's operators) and the local directories for working
 * files. Computed once per TaskManager ({@link TaskManagerResources}) and handed to every task.
 */
public record SlotBudget(long managedBytes, List<File> localDirs) {
  public SlotBudget {
    if (managedBytes < 0) {
      throw new IllegalArgumentException("a slot's managed memory cannot be negative: " + managedBytes);
    }
    if (localDirs == null || localDirs.isEmpty()) {
      throw new IllegalArgumentException("a slot needs at least one local directory");
    }
    localDirs = List.copyOf(localDirs);
  }
}
