package io.weft.state.rocksdb;

import java.io.File;
import java.util.Objects;

/**
 * How to run one RocksDB backend.
 *
 * @param localDir where its working directory goes (a YARN container local dir); the backend
 *     makes a fresh directory under it and deletes it on close
 * @param managedMemoryBytes without {@code slotMemory}: the bound on a private block cache and
 *     memtables of this backend alone (tests, benchmarks); 0 or less leaves memory to RocksDB's
 *     defaults
 * @param incremental whether checkpoints upload only new SST files (savepoints are always full)
 * @param slotMemory the slot's shared cache and write buffer manager, which every backend of the
 *     slot uses (what a TaskManager gives); null for the above
 * @param changelogMaterializeRatio with incremental checkpoints, above 0 turns the state changelog
 *     on: checkpoints upload the changes since the last materialization, and materialize again
 *     when those reach this share of the materialized size; 0 for plain incremental checkpoints
 * @param valueCacheBytes the heap budget of the write-behind cache of value rows ({@link
 *     RocksDbValueCache}); 0 turns it off
 */
public record RocksDbConfig(File localDir, long managedMemoryBytes, double writeBufferRatio,
    double highPriorityPoolRatio, boolean incremental, RocksDbSharedMemory slotMemory,
    double changelogMaterializeRatio, long valueCacheBytes) {
  /** The value cache's default budget, that of {@code state.backend.rocksdb.value-cache.size}. */
  public static final long DEFAULT_VALUE_CACHE_BYTES = 4L << 20;

  public RocksDbConfig {
    Objects.requireNonNull(localDir, "localDir");
    if (changelogMaterializeRatio < 0 || Double.isNaN(changelogMaterializeRatio)) {
      throw new IllegalArgumentException("the changelog's materialization ratio must be positive (or 0 for no"
          + " changelog): " + changelogMaterializeRatio);
    }
    if (valueCacheBytes < 0) {
      throw new IllegalArgumentException("the value cache's size must not be negative: " + valueCacheBytes);
    }
  }

  public RocksDbConfig(File localDir, long managedMemoryBytes, double writeBufferRatio, double highPriorityPoolRatio,
      boolean incremental, RocksDbSharedMemory slotMemory, double changelogMaterializeRatio) {
    this(localDir, managedMemoryBytes, writeBufferRatio, highPriorityPoolRatio, incremental, slotMemory,
        changelogMaterializeRatio, DEFAULT_VALUE_CACHE_BYTES);
  }

  public RocksDbConfig(File localDir, long managedMemoryBytes, double writeBufferRatio, double highPriorityPoolRatio,
      boolean incremental, RocksDbSharedMemory slotMemory) {
    this(localDir, managedMemoryBytes, writeBufferRatio, highPriorityPoolRatio, incremental, slotMemory, 0);
  }

  public RocksDbConfig(File localDir, long managedMemoryBytes, double writeBufferRatio, double highPriorityPoolRatio,
      boolean incremental) {
    this(localDir, managedMemoryBytes, writeBufferRatio, highPriorityPoolRatio, incremental, null);
  }

  /** Flink's defaults for the ratios. */
  public static RocksDbConfig of(File localDir, long managedMemoryBytes, boolean incremental) {
    return new RocksDbConfig(localDir, managedMemoryBytes, 0.5, 0.1, incremental);
  }

  /** A backend in a slot: Flink's default ratios, the slot's shared memory. */
  public static RocksDbConfig inSlot(File localDir, RocksDbSharedMemory slotMemory, boolean incremental) {
    return new RocksDbConfig(localDir, 0, 0.5, 0.1, incremental, Objects.requireNonNull(slotMemory, "slotMemory"));
  }

  /** The same with the state changelog on (incremental checkpoints only), materializing at {@code ratio}. */
  public RocksDbConfig withChangelog(double ratio) {
    return new RocksDbConfig(localDir, managedMemoryBytes, writeBufferRatio, highPriorityPoolRatio, incremental,
        slotMemory, ratio, valueCacheBytes);
  }

  /** The same with a value cache of {@code bytes} (0: none). */
  public RocksDbConfig withValueCache(long bytes) {
    return new RocksDbConfig(localDir, managedMemoryBytes, writeBufferRatio, highPriorityPoolRatio, incremental,
        slotMemory, changelogMaterializeRatio, bytes);
  }
}
