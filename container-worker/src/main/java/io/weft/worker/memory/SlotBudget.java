package io.weft.worker.memory;

import io.weft.state.rocksdb.RocksDbSharedMemory;
import java.io.File;
import java.util.List;

/**
 * What one slot of a TaskManager may use beyond the heap: its share of the managed memory and the
 * local directories for working files. Computed once per TaskManager ({@link
 * TaskManagerResources}), one per slot, and handed to every task of that slot. The managed memory
 * is one budget for the whole slot: every RocksDB instance of the slot's operators uses the slot's
 * one block cache and write buffer manager ({@link #rocksDbMemory()}), so three keyed operators
 * in a slot share the budget instead of taking it three times.
 */
public final class SlotBudget {
  private final int slot;
  private final long managedBytes;
  private final List<File> localDirs;
  private final RocksDbSharedMemory rocksDbMemory;

  /**
   * @param slot the slot's index in its TaskManager
   * @param owner the slot's name in messages ("slot 1 of TaskManager tm-0")
   */
  public SlotBudget(int slot, String owner, long managedBytes, List<File> localDirs) {
    if (managedBytes < 0) {
      throw new IllegalArgumentException("a slot's managed memory cannot be negative: " + managedBytes);
    }
    if (localDirs == null || localDirs.isEmpty()) {
      throw new IllegalArgumentException("a slot needs at least one local directory");
    }
    this.slot = slot;
    this.managedBytes = managedBytes;
    this.localDirs = List.copyOf(localDirs);
    this.rocksDbMemory = new RocksDbSharedMemory(owner, managedBytes);
  }

  /** Slot 0 of a process with one slot (tests, harnesses). */
  public SlotBudget(long managedBytes, List<File> localDirs) {
    this(0, "slot 0", managedBytes, localDirs);
  }

  public int slot() {
    return slot;
  }

  public long managedBytes() {
    return managedBytes;
  }

  public List<File> localDirs() {
    return localDirs;
  }

  /** The slot's RocksDB block cache and write buffer manager, shared by all its RocksDB instances. */
  public RocksDbSharedMemory rocksDbMemory() {
    return rocksDbMemory;
  }

  /** Managed memory the slot's consumers hold now (the shared RocksDB cache, memtables included). */
  public long managedUsedBytes() {
    return rocksDbMemory.usedBytes();
  }

  @Override
  public String toString() {
    return rocksDbMemory.describe();
  }
}
