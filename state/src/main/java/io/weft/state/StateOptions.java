package io.weft.state;

import io.weft.core.config.ConfigOption;
import io.weft.core.config.MemorySize;
import java.util.List;

/** The options of state backends, with Flink's key names and defaults. */
public final class StateOptions {
  private StateOptions() {}

  public static final String HASHMAP = "hashmap";
  public static final String ROCKSDB = "rocksdb";

  public static final ConfigOption<String> BACKEND = ConfigOption.of(
      "state.backend", String.class, HASHMAP,
      "Where keyed state lives: 'hashmap' (objects on the JVM heap, full snapshots) or 'rocksdb' (an embedded"
          + " RocksDB on local disk, bounded by managed memory, incremental snapshots possible).");

  public static final ConfigOption<Boolean> INCREMENTAL = ConfigOption.of(
      "state.backend.incremental", Boolean.class, false,
      "Whether RocksDB checkpoints upload only the SST files the last completed checkpoint does not have."
          + " Savepoints are always full; the hashmap backend ignores this.");

  public static final ConfigOption<String> ROCKSDB_LOCAL_DIR = ConfigOption.of(
      "state.backend.rocksdb.localdir", String.class, null,
      "Local directories (comma-separated) for RocksDB's working files; subtasks are spread over them. By default"
          + " the TaskManager's local directories (on YARN the container's local dirs).");

  public static final ConfigOption<Boolean> ROCKSDB_MEMORY_MANAGED = ConfigOption.of(
      "state.backend.rocksdb.memory.managed", Boolean.class, true,
      "Whether each RocksDB instance keeps its block cache and memtables within the managed memory it is given"
          + " (one cache shared by its column families); false leaves memory to RocksDB's defaults.");

  public static final ConfigOption<Double> ROCKSDB_WRITE_BUFFER_RATIO = ConfigOption.of(
      "state.backend.rocksdb.memory.write-buffer-ratio", Double.class, 0.5,
      "Share of RocksDB's managed memory for memtables (write buffers); the rest is block cache.");

  public static final ConfigOption<Double> ROCKSDB_HIGH_PRIO_POOL_RATIO = ConfigOption.of(
      "state.backend.rocksdb.memory.high-prio-pool-ratio", Double.class, 0.1,
      "Share of RocksDB's block cache reserved for index and filter blocks.");

  public static final ConfigOption<Boolean> CHANGELOG_ENABLED = ConfigOption.of(
      "state.changelog.enabled", Boolean.class, false,
      "Whether RocksDB's incremental checkpoints log every state change and upload only the changes since the"
          + " last materialization (a full incremental checkpoint, taken again when the changes reach"
          + " state.backend.rocksdb.changelog.materialize-ratio of its size). Changes spread over the key space"
          + " otherwise make RocksDB's compaction rewrite, and the checkpoint upload, most of the state every few"
          + " checkpoints. Only with state.backend=rocksdb and state.backend.incremental=true.");

  public static final ConfigOption<Double> CHANGELOG_MATERIALIZE_RATIO = ConfigOption.of(
      "state.backend.rocksdb.changelog.materialize-ratio", Double.class, 0.5,
      "With state.changelog.enabled: a checkpoint materializes (uploads RocksDB's new SST files and truncates the"
          + " changelog) once the changes logged since the last materialization reach this share of its size."
          + " Lower means smaller restores (they replay at most this much) and more frequent large uploads.");

  public static final ConfigOption<MemorySize> ROCKSDB_VALUE_CACHE_SIZE = ConfigOption.of(
      "state.backend.rocksdb.value-cache.size", MemorySize.class, MemorySize.parse("4m"),
      "Heap of each RocksDB keyed state backend (one per keyed operator and subtask) for a write-behind cache of"
          + " value, reducing and aggregating state rows: a read or update of a cached (key, namespace) makes no"
          + " call into RocksDB; the least recently used rows are written back when the cache is full, and every"
          + " changed row before each snapshot. Counted as serialized bytes plus about 128 bytes per row; it comes"
          + " out of the task heap, not out of managed memory. 0 turns it off (a RocksDB get and put per update).");

  /** Every option of this module, for the documentation check. */
  public static List<ConfigOption<?>> all() {
    return List.of(BACKEND, INCREMENTAL, ROCKSDB_LOCAL_DIR, ROCKSDB_MEMORY_MANAGED, ROCKSDB_WRITE_BUFFER_RATIO,
        ROCKSDB_HIGH_PRIO_POOL_RATIO, ROCKSDB_VALUE_CACHE_SIZE, CHANGELOG_ENABLED, CHANGELOG_MATERIALIZE_RATIO);
  }
}
