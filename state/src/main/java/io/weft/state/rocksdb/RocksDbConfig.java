package io.weft.state.rocksdb;

import java.io.File;
import java.util.Objects;

/**
 * How to run one RocksDB backend.
 *
 * @param localDir where its working directory goes (a YARN container local dir); the backend
 *     makes a fresh directory under it and deletes it on close
 * @param managedMemoryBytes the bound on its block cache and memtables; 0 or less leaves memory
 *     to RocksDB's defaults
 * @param incremental whether checkpoints upload only new SST files (savepoints are always full)
 */
public record RocksDbConfig(File localDir, long managedMemoryBytes, double writeBufferRatio,
    double highPriorityPoolRatio, boolean incremental) {
  public RocksDbConfig {
    Objects.requireNonNull(localDir, "localDir");
  }

  /** Flink's defaults for the ratios. */
  public static RocksDbConfig of(File localDir, long managedMemoryBytes, boolean incremental) {
    return new RocksDbConfig(localDir, managedMemoryBytes, 0.5, 0.1, incremental);
  }
}
