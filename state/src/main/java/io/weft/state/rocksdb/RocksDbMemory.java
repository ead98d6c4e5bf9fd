package io.weft.state.rocksdb;

import java.util.ArrayList;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksObject;
import org.rocksdb.StringAppendOperator;
import org.rocksdb.WriteBufferManager;

/**
 * The native options of one RocksDB instance and, with managed memory, the bound on its memory:
 * one block cache for data, index and filter blocks of every column family, and a write buffer
 * manager that charges the memtables to that same cache. Sizes follow Flink's reasoning: a
 * mutable memtable may overshoot its share by half before it is flushed, so the write buffers get
 * {@code 2/3 * ratio * total} and the cache {@code (3 - ratio)/3 * total}, which adds up to the
 * total. Index and filter blocks go into the high-priority pool so data blocks cannot evict them.
 *
 * <p>Owns every native object it creates; close it after the database.
 */
final class RocksDbMemory implements AutoCloseable {
  private final Cache cache;
  private final WriteBufferManager writeBufferManager;
  private final StringAppendOperator appendOperator = new StringAppendOperator("");
  private final List<RocksObject> owned = new ArrayList<>();

  private RocksDbMemory(Cache cache, WriteBufferManager writeBufferManager) {
    this.cache = cache;
    this.writeBufferManager = writeBufferManager;
    owned.add(appendOperator);
    if (cache != null) {
      owned.add(cache);
    }
    if (writeBufferManager != null) {
      owned.add(writeBufferManager);
    }
  }

  /** Memory bounded by {@code totalBytes}; {@code writeBufferRatio} of it for memtables. */
  static RocksDbMemory managed(long totalBytes, double writeBufferRatio, double highPriorityPoolRatio) {
    if (totalBytes <= 0) {
      throw new IllegalArgumentException("managed memory for RocksDB must be positive: " + totalBytes);
    }
    if (writeBufferRatio <= 0 || writeBufferRatio >= 1 || highPriorityPoolRatio < 0 || highPriorityPoolRatio >= 1) {
      throw new IllegalArgumentException("RocksDB memory ratios out of range: write buffers " + writeBufferRatio
          + ", high priority pool " + highPriorityPoolRatio);
    }
    long cacheBytes = (long) ((3 - writeBufferRatio) * totalBytes / 3);
    long writeBufferBytes = (long) (2 * totalBytes * writeBufferRatio / 3);
    Cache cache = new LRUCache(cacheBytes, -1, false, highPriorityPoolRatio);
    return new RocksDbMemory(cache, new WriteBufferManager(writeBufferBytes, cache));
  }

  /** RocksDB's own defaults: no shared bound. */
  static RocksDbMemory unmanaged() {
    return new RocksDbMemory(null, null);
  }

  boolean isManaged() {
    return cache != null;
  }

  DBOptions dbOptions() {
    DBOptions o = new DBOptions()
        .setCreateIfMissing(true)
        .setCreateMissingColumnFamilies(true)
        // Checkpoints give durability; the write-ahead log would only cost.
        .setAvoidFlushDuringShutdown(true)
        .setInfoLogLevel(InfoLogLevel.HEADER_LEVEL)
        .setKeepLogFileNum(2)
        .setMaxBackgroundJobs(2);
    if (writeBufferManager != null) {
      o.setWriteBufferManager(writeBufferManager);
    }
    owned.add(o);
    return o;
  }

  /** Options for a column family: list state appends through the merge operator (no delimiter). */
  ColumnFamilyOptions columnOptions() {
    BlockBasedTableConfig table = new BlockBasedTableConfig();
    if (cache != null) {
      table.setBlockCache(cache)
          .setCacheIndexAndFilterBlocks(true)
          .setCacheIndexAndFilterBlocksWithHighPriority(true)
          .setPinL0FilterAndIndexBlocksInCache(true);
    }
    ColumnFamilyOptions o = new ColumnFamilyOptions()
        .setMergeOperator(appendOperator)
        .setTableFormatConfig(table);
    owned.add(o);
    return o;
  }

  @Override
  public void close() {
    for (int i = owned.size() - 1; i >= 0; i--) {
      owned.get(i).close();
    }
    owned.clear();
  }
}
