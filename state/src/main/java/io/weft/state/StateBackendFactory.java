package io.weft.state;

import io.weft.core.config.Configuration;
import io.weft.core.types.TypeSerializer;
import io.weft.state.heap.HeapKeyedStateBackend;
import io.weft.state.keyed.KeyedStateBackend;
import io.weft.state.operator.OperatorStateBackend;
import io.weft.state.operator.OperatorStateHandle;
import io.weft.state.rocksdb.RocksDbConfig;
import io.weft.state.rocksdb.RocksDbKeyedStateBackend;
import io.weft.state.rocksdb.RocksDbSharedMemory;
import io.weft.state.snapshot.KeyGroupRange;
import io.weft.state.snapshot.KeyedStateHandle;
import io.weft.state.ttl.TtlTimeProvider;
import java.io.File;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Builds the state backends of a subtask as the configuration says ({@link StateOptions}), and
 * restores them. What the task runtime calls for each stateful operator.
 */
public final class StateBackendFactory {
  private StateBackendFactory() {}

  /**
   * The keyed state backend of subtask {@code subtask} of {@code parallelism}, restored from
   * {@code restoreHandles} (every keyed handle of the operator's last checkpoint, of any old
   * parallelism; empty for a fresh start).
   *
   * @param localDirs the TaskManager's local directories (RocksDB's working files go there unless
   *     {@code state.backend.rocksdb.localdir} is set); may be empty for the heap backend
   * @param managedMemoryBytes this backend's share of the slot's managed memory (RocksDB only)
   * @param hadoopConf for reading the snapshot files; may be null when {@code restoreHandles} is
   *     empty (nothing is read)
   */
  public static <K> KeyedStateBackend<K> createKeyedBackend(Configuration conf, int subtask, int parallelism,
      int maxParallelism, TypeSerializer<K> keySerializer, List<File> localDirs, long managedMemoryBytes,
      Collection<KeyedStateHandle> restoreHandles, org.apache.hadoop.conf.Configuration hadoopConf) throws Exception {
    return createKeyedBackend(conf, subtask, parallelism, maxParallelism, keySerializer, localDirs,
        managedMemoryBytes, restoreHandles, hadoopConf, TtlTimeProvider.SYSTEM);
  }

  /** As above, with the clock state TTL is measured by (tests). */
  public static <K> KeyedStateBackend<K> createKeyedBackend(Configuration conf, int subtask, int parallelism,
      int maxParallelism, TypeSerializer<K> keySerializer, List<File> localDirs, long managedMemoryBytes,
      Collection<KeyedStateHandle> restoreHandles, org.apache.hadoop.conf.Configuration hadoopConf,
      TtlTimeProvider time) throws Exception {
    return createKeyedBackend(conf, subtask, parallelism, maxParallelism, keySerializer, localDirs, managedMemoryBytes,
        null, restoreHandles, hadoopConf, time);
  }

  /**
   * The keyed state backend of a subtask running in a slot: a RocksDB backend uses the slot's
   * {@code slotMemory} (one block cache and write buffer manager for every backend of the slot).
   */
  public static <K> KeyedStateBackend<K> createKeyedBackend(Configuration conf, int subtask, int parallelism,
      int maxParallelism, TypeSerializer<K> keySerializer, List<File> localDirs, RocksDbSharedMemory slotMemory,
      Collection<KeyedStateHandle> restoreHandles, org.apache.hadoop.conf.Configuration hadoopConf) throws Exception {
    return createKeyedBackend(conf, subtask, parallelism, maxParallelism, keySerializer, localDirs, 0,
        java.util.Objects.requireNonNull(slotMemory, "slotMemory"), restoreHandles, hadoopConf, TtlTimeProvider.SYSTEM);
  }

  private static <K> KeyedStateBackend<K> createKeyedBackend(Configuration conf, int subtask, int parallelism,
      int maxParallelism, TypeSerializer<K> keySerializer, List<File> localDirs, long managedMemoryBytes,
      RocksDbSharedMemory slotMemory, Collection<KeyedStateHandle> restoreHandles,
      org.apache.hadoop.conf.Configuration hadoopConf, TtlTimeProvider time) throws Exception {
    if (hadoopConf == null && !restoreHandles.isEmpty()) {
      throw new IllegalArgumentException("restoring keyed state needs a Hadoop configuration to read its files");
    }
    KeyGroupRange range = KeyGroupRange.forSubtask(subtask, parallelism, maxParallelism);
    String kind = conf.get(StateOptions.BACKEND).trim().toLowerCase(Locale.ROOT);
    KeyedStateBackend<K> backend;
    switch (kind) {
      case StateOptions.HASHMAP:
        backend = new HeapKeyedStateBackend<>(range, maxParallelism, keySerializer, time);
        break;
      case StateOptions.ROCKSDB:
        boolean managed = conf.get(StateOptions.ROCKSDB_MEMORY_MANAGED);
        if (conf.get(StateOptions.CHANGELOG_ENABLED) && !(conf.get(StateOptions.CHANGELOG_MATERIALIZE_RATIO) > 0)) {
          throw new IllegalArgumentException(StateOptions.CHANGELOG_MATERIALIZE_RATIO.key() + " must be positive: "
              + conf.get(StateOptions.CHANGELOG_MATERIALIZE_RATIO));
        }
        RocksDbConfig rocks = new RocksDbConfig(localDir(conf, subtask, localDirs), managed ? managedMemoryBytes : 0,
            conf.get(StateOptions.ROCKSDB_WRITE_BUFFER_RATIO), conf.get(StateOptions.ROCKSDB_HIGH_PRIO_POOL_RATIO),
            conf.get(StateOptions.INCREMENTAL), managed ? slotMemory : null,
            conf.get(StateOptions.CHANGELOG_ENABLED) ? conf.get(StateOptions.CHANGELOG_MATERIALIZE_RATIO) : 0,
            conf.get(StateOptions.ROCKSDB_VALUE_CACHE_SIZE).bytes());
        backend = new RocksDbKeyedStateBackend<>(range, maxParallelism, keySerializer, time, rocks);
        break;
      default:
        throw new IllegalArgumentException("Invalid value '" + conf.get(StateOptions.BACKEND) + "' for "
            + StateOptions.BACKEND.key() + ": use " + StateOptions.HASHMAP + " or " + StateOptions.ROCKSDB);
    }
    try {
      backend.restore(restoreHandles, hadoopConf);
      return backend;
    } catch (Exception | Error e) {
      backend.close();
      throw e;
    }
  }

  /**
   * The operator state backend of a subtask: restored from the handles {@link
   * io.weft.state.operator.OperatorStateRedistributor} assigned to it, or fresh when {@code
   * restoreHandles} is null (a list, even an empty one, means the job was restored).
   */
  public static OperatorStateBackend createOperatorBackend(Collection<OperatorStateHandle> restoreHandles,
      org.apache.hadoop.conf.Configuration hadoopConf) throws Exception {
    OperatorStateBackend backend = new OperatorStateBackend();
    if (restoreHandles != null) {
      try {
        backend.restore(restoreHandles, hadoopConf);
      } catch (Exception | Error e) {
        backend.close();
        throw e;
      }
    }
    return backend;
  }

  /** The configured local directory for this subtask, else one of the TaskManager's, else java.io.tmpdir. */
  static File localDir(Configuration conf, int subtask, List<File> localDirs) {
    List<File> dirs = new ArrayList<>();
    String configured = conf.get(StateOptions.ROCKSDB_LOCAL_DIR);
    if (configured != null && !configured.isBlank()) {
      for (String d : configured.split(",")) {
        if (!d.isBlank()) {
          dirs.add(new File(d.trim()));
        }
      }
    } else if (localDirs != null) {
      dirs.addAll(localDirs);
    }
    if (dirs.isEmpty()) {
      dirs.add(new File(System.getProperty("java.io.tmpdir")));
    }
    return dirs.get(subtask % dirs.size());
  }
}
