package io.weft.state.rocksdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
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
 * manager that charges the memtables to that same cache. In a TaskManager both are the slot's
 * ({@link RocksDbSharedMemory}, shared by every instance of the slot); an instance of its own
 * (tests, benchmarks) gets a private pair. Sizes follow Flink's reasoning: a
 * mutable memtable may overshoot its share by half before it is flushed, so the write buffers get
 * {@code 2/3 * ratio * total} and the cache {@code (3 - ratio)/3 * total}, which adds up to the
 * total. Index and filter blocks go into the high-priority pool so data blocks cannot evict them.
 *
 * <p>Blocks of SST files that compaction (or closing the database) made obsolete are erased from
 * the cache when the file goes ({@link #UNCACHE_AGGRESSIVENESS}). RocksDB keeps them by default
 * until LRU evicts them, which happens only once the cache is full: with 1 s checkpoints each
 * flushing a small level-0 file that compaction soon replaces, the Nexmark soak's cache held a few
 * MB of live blocks and grew by 3 to 4 MB a minute of dead ones, towards its budget of ~190 MB per
 * slot (docs/benchmarks.md, the soak). Memory bounded by the budget, but a process whose RSS rises
 * for an hour is indistinguishable from a leak and holds memory nothing will read.
 *
 * <p>Owns every native object it creates; close it after the database.
 */
final class RocksDbMemory implements AutoCloseable {
  /**
   * RocksDB's {@code uncache_aggressiveness}: when an SST file becomes obsolete, its blocks are
   * looked up by the file's index and erased from the block cache; the higher the value, the more
   * misses (blocks no longer cached) RocksDB tolerates before it gives up on a file. With 1 s
   * checkpoints most blocks of a short-lived file are still cached, and 1 already erased them all
   * in a scratch run; 1000 leaves room for larger, colder files. An erase costs less than the read
   * that cached the block. Not in RocksJava's option builders (9.8): set through the options string.
   */
  static final int UNCACHE_AGGRESSIVENESS = 1000;
  private final Cache cache;
  private final WriteBufferManager writeBufferManager;
  private final StringAppendOperator appendOperator = new StringAppendOperator("");
  private final List<RocksObject> owned = new ArrayList<>();
  private final BloomFilter bloomFilter = new BloomFilter(10);
  /** The slot's memory this instance uses, released on close; null for a private or no bound. */
  private RocksDbSharedMemory shared;
  private final String describe;
  private long privateWriteBufferBytes;

  private RocksDbMemory(Cache cache, WriteBufferManager writeBufferManager, String describe) {
    this.cache = cache;
    this.writeBufferManager = writeBufferManager;
    this.describe = describe;
    owned.add(appendOperator);
    owned.add(bloomFilter);
    if (cache != null) {
      owned.add(cache);
    }
    if (writeBufferManager != null) {
      owned.add(writeBufferManager);
    }
  }

  /** The slot's shared cache and write buffer manager; released (not freed) on close. */
  static RocksDbMemory shared(RocksDbSharedMemory slot, double writeBufferRatio, double highPriorityPoolRatio) {
    slot.acquire(writeBufferRatio, highPriorityPoolRatio);
    RocksDbMemory m = new RocksDbMemory(null, null, slot.describe());
    m.shared = slot;
    return m;
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
    RocksDbMemory m = new RocksDbMemory(cache, new WriteBufferManager(writeBufferBytes, cache),
        "its own managed memory of " + RocksDbSharedMemory.mebibytes(totalBytes));
    m.privateWriteBufferBytes = writeBufferBytes;
    return m;
  }

  /** RocksDB's own defaults: no shared bound. */
  static RocksDbMemory unmanaged() {
    return new RocksDbMemory(null, null, "unmanaged memory");
  }

  boolean isManaged() {
    return cache != null || shared != null;
  }

  /** Whose memory bounds this instance, for logs and errors. */
  String describe() {
    return describe;
  }

  private Cache cache() {
    return shared != null ? shared.cache() : cache;
  }

  private WriteBufferManager writeBufferManager() {
    return shared != null ? shared.writeBufferManager() : writeBufferManager;
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
    WriteBufferManager wbm = writeBufferManager();
    if (wbm != null) {
      o.setWriteBufferManager(wbm);
    }
    owned.add(o);
    return o;
  }

  /** Options for a column family: list state appends through the merge operator (no delimiter). */
  ColumnFamilyOptions columnOptions() {
    // Bloom filters (10 bits per key, as Flink's option suggests) spare most point reads of
    // absent keys a data block read; their blocks live in the cache's high-priority pool.
    BlockBasedTableConfig table = new BlockBasedTableConfig().setFilterPolicy(bloomFilter);
    Cache c = cache();
    if (c != null) {
      table.setBlockCache(c)
          .setCacheIndexAndFilterBlocks(true)
          .setCacheIndexAndFilterBlocksWithHighPriority(true)
          .setPinL0FilterAndIndexBlocksInCache(true);
    }
    ColumnFamilyOptions o = uncachingColumnOptions()
        .setMergeOperator(appendOperator)
        .setTableFormatConfig(table);
    long writeBuffers = shared != null ? shared.writeBufferBytes() : privateWriteBufferBytes;
    if (writeBuffers > 0) {
      // A memtable reserves its arena in blocks of write_buffer_size / 8 (8 MiB by RocksDB's
      // defaults), charged to the cache: with several column families and instances in a small
      // slot, those blocks alone passed the budget twice over (RocksDbSharedMemoryTest). So one
      // memtable may hold at most half the write buffers' share, in blocks of an eighth of that.
      long memtable = Math.max(256L << 10, Math.min(64L << 20, writeBuffers / 2));
      o.setWriteBufferSize(memtable).setArenaBlockSize(Math.max(32L << 10, memtable / 8));
    }
    owned.add(o);
    return o;
  }

  /** Column family options with RocksDB's defaults but {@link #UNCACHE_AGGRESSIVENESS}. */
  private static ColumnFamilyOptions uncachingColumnOptions() {
    Properties p = new Properties();
    p.setProperty("uncache_aggressiveness", Integer.toString(UNCACHE_AGGRESSIVENESS));
    ColumnFamilyOptions o = ColumnFamilyOptions.getColumnFamilyOptionsFromProps(p);
    if (o == null) {
      throw new IllegalStateException("this RocksDB does not know the option uncache_aggressiveness");
    }
    return o;
  }

  @Override
  public void close() {
    for (int i = owned.size() - 1; i >= 0; i--) {
      owned.get(i).close();
    }
    owned.clear();
    if (shared != null) {
      shared.release();
      shared = null;
    }
  }
}
