package io.weft.state.rocksdb;

import java.util.Locale;
import org.rocksdb.LRUCache;
import org.rocksdb.WriteBufferManager;

/**
 * The managed memory of one slot as RocksDB sees it: one block cache and one write buffer manager
 * charged to that cache, shared by every RocksDB instance of the slot's operators, so a slot with
 * three keyed operators still uses one budget, not three. The native objects exist while at least
 * one instance uses them: the first {@link #acquire} creates them, the last {@link #release}
 * frees them.
 *
 * <p>The budget holds because memtables are charged to the cache (the write buffer manager
 * flushes when they pass their share) and blocks are evicted past the cache's capacity; only
 * blocks pinned at that moment (open iterators, level-0 index and filter blocks) can overshoot it
 * briefly. The capacity is not strict, as in Flink: with a strict cache, reads failed ("Insert
 * failed due to LRU cache being full") in a slot of 8 MiB whose three instances held 1.5 times
 * the budget each ({@code RocksDbSharedMemoryTest}), an ordinary workload that should only be
 * slower. Should RocksDB still report its memory limit, {@link RocksDbKeyedStateBackend} names
 * the slot, its budget and the option to raise. Sizes follow Flink's reasoning: a mutable
 * memtable may overshoot its share by half before it is flushed, so the write buffers get {@code
 * 2/3 * ratio * total} and the cache {@code (3 - ratio)/3 * total}, which adds up to the total.
 */
public final class RocksDbSharedMemory {
  /** What to tell a user whose slot's memory is too small. */
  public static final String RAISE = "raise taskmanager.memory.managed.fraction or the TaskManager's size (-ytm, "
      + "taskmanager.memory.process.size), or run fewer slots per TaskManager (-ys)";

  private final String owner;
  private final long totalBytes;
  private int users;
  private LRUCache cache;
  private WriteBufferManager writeBufferManager;
  private long writeBufferBytes;

  /**
   * @param owner who owns the memory, for messages ("slot 1 of TaskManager tm-0")
   * @param totalBytes the slot's managed memory
   */
  public RocksDbSharedMemory(String owner, long totalBytes) {
    this.owner = owner;
    this.totalBytes = totalBytes;
  }

  public String owner() {
    return owner;
  }

  public long totalBytes() {
    return totalBytes;
  }

  /** "slot 1 of TaskManager tm-0 (managed memory 128.0 MiB)". */
  public String describe() {
    return owner + " (managed memory " + mebibytes(totalBytes) + ")";
  }

  /** A user of the shared cache and write buffer manager; creates them if it is the first. */
  synchronized void acquire(double writeBufferRatio, double highPriorityPoolRatio) {
    if (totalBytes <= 0) {
      throw new IllegalStateException("RocksDB state in " + owner + " needs managed memory, but the slot has none: "
          + RAISE);
    }
    if (writeBufferRatio <= 0 || writeBufferRatio >= 1 || highPriorityPoolRatio < 0 || highPriorityPoolRatio >= 1) {
      throw new IllegalArgumentException("RocksDB memory ratios out of range: write buffers " + writeBufferRatio
          + ", high priority pool " + highPriorityPoolRatio);
    }
    if (users == 0) {
      long cacheBytes = (long) ((3 - writeBufferRatio) * totalBytes / 3);
      writeBufferBytes = (long) (2 * totalBytes * writeBufferRatio / 3);
      cache = new LRUCache(cacheBytes, -1, false, highPriorityPoolRatio);
      writeBufferManager = new WriteBufferManager(writeBufferBytes, cache);
    }
    users++;
  }

  /** The end of a user; the last one frees the native objects (after closing its database). */
  synchronized void release() {
    if (users == 0) {
      throw new IllegalStateException("the RocksDB memory of " + owner + " was released more often than acquired");
    }
    if (--users == 0) {
      writeBufferManager.close();
      cache.close();
      writeBufferManager = null;
      cache = null;
    }
  }

  /** The memtables' share of the budget (while in use). */
  synchronized long writeBufferBytes() {
    return writeBufferBytes;
  }

  synchronized LRUCache cache() {
    return cache;
  }

  synchronized WriteBufferManager writeBufferManager() {
    return writeBufferManager;
  }

  /** How many RocksDB instances use the memory now. */
  public synchronized int users() {
    return users;
  }

  /** Bytes the shared cache holds now (blocks and memtable reservations); 0 while no instance uses it. */
  public synchronized long usedBytes() {
    return cache == null ? 0 : cache.getUsage();
  }

  static String mebibytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
