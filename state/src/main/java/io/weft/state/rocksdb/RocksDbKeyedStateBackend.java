package io.weft.state.rocksdb;

import io.weft.api.state.ListState;
import io.weft.api.state.MapState;
import io.weft.api.state.ValueState;
import io.weft.core.plan.KeyGroups;
import io.weft.core.types.TypeSerializer;
import io.weft.state.keyed.AbstractKeyedStateBackend;
import io.weft.state.keyed.KeyedSnapshotHeader;
import io.weft.state.keyed.StateKind;
import io.weft.state.keyed.StateMeta;
import io.weft.state.keyed.StateSpec;
import io.weft.state.snapshot.AsyncSnapshot;
import io.weft.state.snapshot.CheckpointStorage;
import io.weft.state.snapshot.IncrementalKeyedStateHandle;
import io.weft.state.snapshot.IncrementalKeyedStateHandle.NamedFile;
import io.weft.state.snapshot.KeyGroupRange;
import io.weft.state.snapshot.KeyedStateHandle;
import io.weft.state.snapshot.SnapshotKind;
import io.weft.state.ttl.TtlTimeProvider;
import io.weft.state.ttl.TtlValueSerializer;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed state in an embedded RocksDB: bounded by local disk rather than heap, with incremental
 * checkpoints. One column family per state; keys laid out by {@link KeyBytes}; values written by
 * the states' serializers (list state: the elements one after another, appended by RocksDB's
 * merge operator; map state: one row per user key). Writes skip the write-ahead log: snapshots,
 * not the log, make state durable.
 *
 * <p>Snapshots: a full one iterates a native RocksDB snapshot in key group order into a
 * key-grouped file ({@link RocksDbFullSnapshot}); an incremental one takes a native checkpoint
 * (hard links) on the task thread and uploads the SST files the last completed checkpoint did
 * not have ({@link RocksDbIncrementalSnapshot}). With the state changelog on, every write is
 * also appended to a {@link RocksDbChangelog}, and most checkpoints upload only its new segment on
 * top of the last materialization ({@link RocksDbChangelogSnapshot}).
 *
 * <p>Restore: one incremental handle covering this range is downloaded and opened as the
 * database (key groups outside the range deleted); anything else (rescaling, full snapshots) is
 * copied row by row for the key groups of this range.
 *
 * <p>Past 450 lines: the state primitives of every state kind meet the one native handle and its
 * column families here; snapshots and restores already live in classes of their own.
 */
public final class RocksDbKeyedStateBackend<K> extends AbstractKeyedStateBackend<K> {
  private static final Logger LOG = LoggerFactory.getLogger(RocksDbKeyedStateBackend.class);
  static final String META_FILE = "WEFT-META";
  private static final long BATCH_BYTES = 4 << 20;

  static {
    RocksDB.loadLibrary();
  }

  private final String backendId = UUID.randomUUID().toString();
  private final java.nio.file.Path workDir;
  private final java.nio.file.Path dbDir;
  private final boolean incremental;
  /** The log of row changes for changelog checkpoints; null when off. */
  private final RocksDbChangelog changelog;
  private final RocksDbMemory memory;
  /** Value rows cached in front of RocksDB; null when the cache is off. */
  private final RocksDbValueCache valueCache;
  private final LeaseGuard guard = new LeaseGuard();
  private final WriteOptions writeOptions = new WriteOptions().setDisableWAL(true);
  private final ReadOptions readOptions = new ReadOptions();
  private final Map<String, Column> columns = new LinkedHashMap<>();
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final Set<AsyncSnapshot<?>> running = ConcurrentHashMap.newKeySet();
  private final KeyBytes.Buffer keyBuffer = new KeyBytes.Buffer();
  private final DataOutputStream keyOut = new DataOutputStream(keyBuffer);
  private final KeyBytes.Buffer valueBuffer = new KeyBytes.Buffer();
  private final DataOutputStream valueOut = new DataOutputStream(valueBuffer);
  private RocksDB db;
  private boolean restoreCalled;
  private boolean closed;

  // The serialized current key (with key group) and key + namespace, rebuilt when they change.
  private Object bytesKey;
  private byte[] keyBytes;
  private Object bytesNamespace;
  private TypeSerializer<?> bytesNamespaceSerializer;
  private byte[] keyAndNamespaceBytes;

  // Incremental checkpoints: the SSTs of the last completed checkpoint (re-referenced by the
  // next one) and those of checkpoints still waiting for completion, by checkpoint id.
  private final Object sstLock = new Object();
  private Map<String, NamedFile> completedSsts = Map.of();
  private final TreeMap<Long, Map<String, NamedFile>> pendingSsts = new TreeMap<>();

  /** One column family: a registered state, or restored data waiting for its registration. */
  static final class Column {
    final String name;
    final ColumnFamilyHandle handle;
    StateMeta meta;
    boolean registered;
    long ttlMillis = -1;
    TypeSerializer<?> namespaceSerializer;
    /** For list state with TTL: the element serializer, to drop expired elements from snapshots. */
    TypeSerializer<?> ttlListElements;

    Column(String name, ColumnFamilyHandle handle, StateMeta meta) {
      this.name = name;
      this.handle = handle;
      this.meta = meta;
    }
  }

  public RocksDbKeyedStateBackend(KeyGroupRange keyGroupRange, int maxParallelism, TypeSerializer<K> keySerializer,
      TtlTimeProvider timeProvider, RocksDbConfig config) throws IOException {
    super(java.util.Objects.requireNonNull(keySerializer, "keySerializer"), maxParallelism, keyGroupRange,
        timeProvider);
    this.workDir = Files.createDirectories(config.localDir().toPath()).resolve("weft-rocksdb-" + backendId);
    Files.createDirectory(workDir);
    this.dbDir = workDir.resolve("db");
    this.incremental = config.incremental();
    this.changelog = incremental && config.changelogMaterializeRatio() > 0
        ? new RocksDbChangelog(workDir.resolve("changelog"), config.changelogMaterializeRatio()) : null;
    if (config.slotMemory() != null) {
      this.memory = RocksDbMemory.shared(config.slotMemory(), config.writeBufferRatio(),
          config.highPriorityPoolRatio());
    } else {
      this.memory = config.managedMemoryBytes() > 0
          ? RocksDbMemory.managed(config.managedMemoryBytes(), config.writeBufferRatio(),
              config.highPriorityPoolRatio())
          : RocksDbMemory.unmanaged();
    }
    this.valueCache = config.valueCacheBytes() > 0 ? new RocksDbValueCache(this, config.valueCacheBytes()) : null;
    LOG.info("RocksDB keyed state for {} in {} ({}, value cache {} bytes)", keyGroupRange, workDir,
        memory.describe(), config.valueCacheBytes());
  }

  /** The working directory (deleted on close); for tests. */
  public java.nio.file.Path workingDirectory() {
    return workDir;
  }

  // --- opening ---

  private RocksDB db() {
    if (closed) {
      throw new IllegalStateException("the RocksDB backend is closed");
    }
    if (db == null) {
      try {
        open(dbDir, List.of(), Map.of());
      } catch (RocksDBException | IOException e) {
        throw new IllegalStateException("cannot open RocksDB in " + dbDir + ": " + e.getMessage(), e);
      }
    }
    return db;
  }

  /** Opens the database with the given existing column families, each with its restored metadata. */
  void open(java.nio.file.Path dir, List<String> existing, Map<String, StateMeta> metas)
      throws RocksDBException, IOException {
    Files.createDirectories(dir);
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, memory.columnOptions()));
    for (String name : existing) {
      descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), memory.columnOptions()));
    }
    List<ColumnFamilyHandle> opened = new ArrayList<>();
    db = RocksDB.open(memory.dbOptions(), dir.toString(), descriptors, opened);
    handles.addAll(opened);
    for (int i = 0; i < existing.size(); i++) {
      String name = existing.get(i);
      StateMeta meta = metas.get(name);
      if (meta == null) {
        throw new IOException("the restored database has a column family '" + name + "' without metadata");
      }
      columns.put(name, new Column(name, opened.get(i + 1), meta));
    }
  }

  /** The column of a restored state, created if this is its first handle. */
  Column restoredColumn(StateMeta meta) throws RocksDBException {
    Column c = columns.get(meta.name());
    if (c != null) {
      if (!c.meta.equals(meta)) {
        throw new IllegalStateException("state '" + meta.name() + "' differs between snapshots: " + c.meta + " and "
            + meta);
      }
      return c;
    }
    c = new Column(meta.name(), createColumnFamily(meta.name()), meta);
    columns.put(meta.name(), c);
    return c;
  }

  private ColumnFamilyHandle createColumnFamily(String name) throws RocksDBException {
    ColumnFamilyHandle h = db().createColumnFamily(
        new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), memory.columnOptions()));
    handles.add(h);
    return h;
  }

  private Column column(StateSpec<?> spec) {
    Column c = columns.get(spec.name());
    try {
      if (c == null) {
        c = new Column(spec.name(), createColumnFamily(spec.name()), spec.meta());
        columns.put(spec.name(), c);
      } else {
        c.meta.checkRestorableAs(spec.meta());
        c.meta = spec.meta();
      }
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot create the column family of state '" + spec.name() + "': " + e, e);
    }
    c.registered = true;
    c.namespaceSerializer = spec.namespaceSerializer();
    c.ttlMillis = spec.ttl() == null ? -1 : spec.ttl().getTtl().toMillis();
    return c;
  }

  RocksDB database() {
    return db();
  }

  ReadOptions readOptions() {
    return readOptions;
  }

  /** A reusable buffer for values (task thread only); callers copy what they keep. */
  KeyBytes.Buffer valueBuffer() {
    valueBuffer.reset();
    return valueBuffer;
  }

  DataOutputStream valueOut() {
    return valueOut;
  }

  WriteOptions writeOptions() {
    return writeOptions;
  }

  // The row writes of every state kind, through here so the changelog (when on) sees them all.

  void put(Column c, byte[] key, byte[] value) throws RocksDBException {
    db().put(c.handle, writeOptions, key, value);
    if (changelog != null) {
      changelog.log(RocksDbChangelog.PUT, c.name, key, value);
    }
  }

  void merge(Column c, byte[] key, byte[] value) throws RocksDBException {
    db().merge(c.handle, writeOptions, key, value);
    if (changelog != null) {
      changelog.log(RocksDbChangelog.MERGE, c.name, key, value);
    }
  }

  void delete(Column c, byte[] key) throws RocksDBException {
    db().delete(c.handle, writeOptions, key);
    if (changelog != null) {
      changelog.log(RocksDbChangelog.DELETE, c.name, key, null);
    }
  }

  /** Writes a batch of puts ({@code value} non-null) and deletes of one column. */
  void writeBatch(Column c, List<byte[]> keys, List<byte[]> values) throws RocksDBException {
    writeBatch(java.util.Collections.nCopies(keys.size(), c), keys, values);
  }

  /** Writes a batch of puts ({@code value} non-null) and deletes, row i in column i. */
  void writeBatch(List<Column> cs, List<byte[]> keys, List<byte[]> values) throws RocksDBException {
    try (WriteBatch batch = new WriteBatch()) {
      for (int i = 0; i < keys.size(); i++) {
        if (values.get(i) == null) {
          batch.delete(cs.get(i).handle, keys.get(i));
        } else {
          batch.put(cs.get(i).handle, keys.get(i), values.get(i));
        }
      }
      db().write(writeOptions, batch);
    }
    if (changelog != null) {
      for (int i = 0; i < keys.size(); i++) {
        byte[] v = values.get(i);
        changelog.log(v == null ? RocksDbChangelog.DELETE : RocksDbChangelog.PUT, cs.get(i).name, keys.get(i), v);
      }
    }
  }

  RocksDbValueCache valueCache() {
    return valueCache;
  }

  /** The current key, failing clearly outside a keyed context. */
  Object currentKeyForState() {
    return key();
  }

  Object currentNamespace() {
    return currentNamespace;
  }

  /**
   * Writes the value cache's dirty rows to RocksDB: before anything reads RocksDB other than
   * through the states (snapshots, counting entries, listing keys).
   */
  void flushValueCache() {
    if (valueCache == null) {
      return;
    }
    try {
      valueCache.flush();
    } catch (RocksDBException e) {
      throw stateFailed("(value cache)", e);
    }
  }

  // --- states ---

  @Override
  protected <N, V> ValueState<V> createValueState(StateSpec<N> spec, Supplier<TypeSerializer<V>> values) {
    TypeSerializer<V> serializer = values.get();
    return new RocksDbValueState<>(this, column(spec), spec.namespaceSerializer(), serializer);
  }

  @Override
  protected <N, E> ListState<E> createListState(StateSpec<N> spec, Supplier<TypeSerializer<E>> elements) {
    TypeSerializer<E> serializer = elements.get();
    Column c = column(spec);
    if (spec.ttl() != null && serializer instanceof TtlValueSerializer<?>) {
      c.ttlListElements = serializer;
    }
    return new RocksDbListState<>(this, c, spec.namespaceSerializer(), serializer);
  }

  @Override
  protected <N, UK, UV> MapState<UK, UV> createMapState(StateSpec<N> spec, Supplier<TypeSerializer<UK>> userKeys,
      Supplier<TypeSerializer<UV>> userValues) {
    TypeSerializer<UK> keys = userKeys.get();
    TypeSerializer<UV> values = userValues.get();
    return new RocksDbMapState<>(this, column(spec), spec.namespaceSerializer(), keys, values);
  }

  /** The current key and namespace as the prefix of a row key. */
  @SuppressWarnings("unchecked")
  byte[] keyAndNamespace(TypeSerializer<?> namespaceSerializer, String state) {
    K key = key();
    try {
      if (key != bytesKey) {
        int keyGroup = KeyGroups.keyGroupFor(key, maxParallelism);
        if (!keyGroupRange.contains(keyGroup)) {
          throw new IllegalStateException("key " + key + " belongs to key group " + keyGroup + ", which this subtask"
              + " does not own: was the stream partitioned by a different key?");
        }
        keyBuffer.reset();
        keySerializer.serialize(key, keyOut);
        keyBytes = keyBuffer.withPrefix(KeyBytes.keyGroupPrefix(keyGroup));
        bytesKey = key;
        keyAndNamespaceBytes = null;
      }
      if (keyAndNamespaceBytes == null || currentNamespace != bytesNamespace
          || namespaceSerializer != bytesNamespaceSerializer) {
        keyBuffer.reset();
        ((TypeSerializer<Object>) namespaceSerializer).serialize(currentNamespace, keyOut);
        keyAndNamespaceBytes = keyBuffer.withPrefix(keyBytes);
        bytesNamespace = currentNamespace;
        bytesNamespaceSerializer = namespaceSerializer;
      }
      return keyAndNamespaceBytes;
    } catch (IOException e) {
      throw new IllegalStateException("state '" + state + "': " + e.getMessage(), e);
    }
  }

  <T> byte[] serialize(TypeSerializer<T> serializer, T value, String state) {
    valueBuffer.reset();
    try {
      serializer.serialize(value, valueOut);
    } catch (IOException e) {
      throw new IllegalStateException("state '" + state + "': cannot serialize " + value + ": " + e.getMessage(), e);
    }
    return valueBuffer.toByteArray();
  }

  static <T> T deserialize(TypeSerializer<T> serializer, byte[] bytes, int offset, String state) {
    try {
      ByteArrayInputStream in = new ByteArrayInputStream(bytes, offset, bytes.length - offset);
      return serializer.deserialize(new DataInputStream(in));
    } catch (IOException e) {
      throw new IllegalStateException("state '" + state + "': cannot read a stored value: " + e.getMessage(), e);
    }
  }

  static IllegalStateException failed(String state, RocksDBException e) {
    return new IllegalStateException("RocksDB failed on state '" + state + "': " + e.getMessage(), e);
  }

  /**
   * A failed read or write of {@code state}; one that found the slot's strict cache full says so,
   * naming the slot, its budget and what to raise, since that is a budget exceeded, not a bug.
   */
  IllegalStateException stateFailed(String state, RocksDBException e) {
    if (memory.isManaged() && exceedsMemory(e)) {
      return new IllegalStateException("RocksDB state '" + state + "' needs more than the managed memory of "
          + memory.describe() + " (" + e.getMessage() + "): " + RocksDbSharedMemory.RAISE, e);
    }
    return failed(state, e);
  }

  static boolean exceedsMemory(RocksDBException e) {
    if (e.getStatus() != null && e.getStatus().getSubCode() == org.rocksdb.Status.SubCode.MemoryLimit) {
      return true;
    }
    String m = String.valueOf(e.getMessage());
    return m.contains("cache being full") || m.contains("MemoryLimit") || m.contains("memory limit");
  }

  @Override
  public int numEntries(String stateName) {
    flushValueCache();
    Column c = columns.get(stateName);
    if (c == null || db == null) {
      return 0;
    }
    int n = 0;
    byte[] lastPrefix = null;
    try (RocksIterator it = db.newIterator(c.handle, readOptions)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        if (c.meta.kind() != StateKind.MAP) {
          n++;
          continue;
        }
        byte[] key = it.key();
        if (lastPrefix == null || !KeyBytes.startsWith(key, lastPrefix)) {
          lastPrefix = java.util.Arrays.copyOf(key, keyAndNamespaceLength(c, key));
          n++;
        }
      }
    }
    return n;
  }

  @Override
  public List<K> keys(String stateName) {
    flushValueCache();
    Column c = columns.get(stateName);
    if (c == null || db == null) {
      return List.of();
    }
    java.util.LinkedHashSet<K> keys = new java.util.LinkedHashSet<>();
    try (RocksIterator it = db.newIterator(c.handle, readOptions)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] row = it.key();
        keys.add(keySerializer.deserialize(new DataInputStream(new ByteArrayInputStream(row, 2, row.length - 2))));
      }
    } catch (IOException e) {
      throw new IllegalStateException("state '" + stateName + "': unreadable row key", e);
    }
    return new ArrayList<>(keys);
  }

  /** How many bytes of a map row's key are key group, key and namespace. */
  private int keyAndNamespaceLength(Column c, byte[] rowKey) {
    if (!c.registered) {
      throw new IllegalStateException("state '" + c.name + "' is not registered; its entries cannot be counted");
    }
    try {
      ByteArrayInputStream in = new ByteArrayInputStream(rowKey, 2, rowKey.length - 2);
      DataInputStream data = new DataInputStream(in);
      keySerializer.deserialize(data);
      c.namespaceSerializer.deserialize(data);
      return rowKey.length - in.available();
    } catch (IOException e) {
      throw new IllegalStateException("state '" + c.name + "': unreadable row key", e);
    }
  }

  // --- snapshots ---

  @Override
  public AsyncSnapshot<KeyedStateHandle> snapshot(long checkpointId, CheckpointStorage storage, SnapshotKind kind)
      throws Exception {
    if (closed) {
      throw new IllegalStateException("the RocksDB backend is closed");
    }
    // The synchronous part: what the cache holds back is state this snapshot must contain.
    flushValueCache();
    if (db == null || columns.isEmpty()) {
      return AsyncSnapshot.empty();
    }
    List<StateMeta> metas = new ArrayList<>();
    for (Column c : columns.values()) {
      metas.add(c.meta);
    }
    KeyedSnapshotHeader header = new KeyedSnapshotHeader(KeyedSnapshotHeader.FORMAT_ROCKSDB, metas);
    guard.acquire();
    AsyncSnapshot<KeyedStateHandle> snapshot;
    try {
      IncrementalKeyedStateHandle base = null;
      if (changelog != null && kind == SnapshotKind.CHECKPOINT) {
        changelog.closeSegment(checkpointId);
        base = changelog.baseFor(checkpointId);
      }
      if (base != null) {
        snapshot = changelogSnapshot(checkpointId, storage, header, base);
      } else if (incremental && kind == SnapshotKind.CHECKPOINT) {
        java.nio.file.Path local = workDir.resolve("chk-" + checkpointId + "-" + UUID.randomUUID());
        try (Checkpoint checkpoint = Checkpoint.create(db)) {
          checkpoint.createCheckpoint(local.toString());
        }
        Map<String, NamedFile> baseline;
        synchronized (sstLock) {
          baseline = completedSsts;
        }
        snapshot = new RocksDbIncrementalSnapshot(this, storage, checkpointId, header, local, baseline,
            changelog != null);
        if (changelog != null) {
          changelog.activate();
        }
      } else {
        Snapshot nativeSnapshot = db.getSnapshot();
        List<Column> cols = new ArrayList<>(columns.values());
        snapshot = new RocksDbFullSnapshot(this, storage, checkpointId, header, cols, nativeSnapshot,
            timeProvider.currentTimestamp());
      }
    } catch (Exception e) {
      guard.release();
      throw e;
    }
    running.add(snapshot);
    return snapshot;
  }

  /** A changelog checkpoint on {@code base}: hard links of the segments it may have to upload. */
  private AsyncSnapshot<KeyedStateHandle> changelogSnapshot(long checkpointId, CheckpointStorage storage,
      KeyedSnapshotHeader header, IncrementalKeyedStateHandle base) throws IOException {
    java.nio.file.Path linkDir = Files.createDirectory(workDir.resolve("chk-" + checkpointId + "-" + UUID.randomUUID()));
    List<RocksDbChangelog.Segment> segments = changelog.segmentsAfter(base.checkpointId());
    List<java.nio.file.Path> links = new ArrayList<>();
    for (RocksDbChangelog.Segment s : segments) {
      links.add(s.confirmed != null ? null : Files.createLink(linkDir.resolve(s.local.getFileName()), s.local));
    }
    return new RocksDbChangelogSnapshot(this, storage, checkpointId, header, base, segments, links, linkDir);
  }

  /** Called by a snapshot's async part when it has released its native resources. */
  void snapshotEnded(AsyncSnapshot<?> snapshot) {
    running.remove(snapshot);
    guard.release();
  }

  void releaseNativeSnapshot(Snapshot s) {
    db.releaseSnapshot(s);
    s.close();
  }

  /** Records the SSTs an incremental checkpoint uploaded or re-referenced. */
  void uploaded(long checkpointId, Map<String, NamedFile> ssts) {
    synchronized (sstLock) {
      pendingSsts.put(checkpointId, ssts);
    }
  }

  void materialized(long checkpointId, IncrementalKeyedStateHandle handle) {
    changelog.materializationUploaded(checkpointId, handle);
  }

  void changelogUploaded(long checkpointId, Map<RocksDbChangelog.Segment, NamedFile> uploads) {
    changelog.segmentsUploaded(checkpointId, uploads);
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    if (changelog != null) {
      try {
        changelog.completed(checkpointId);
      } catch (IOException e) {
        LOG.warn("could not delete changelog segments covered by checkpoint {}", checkpointId, e);
      }
    }
    synchronized (sstLock) {
      Map<String, NamedFile> ssts = pendingSsts.get(checkpointId);
      if (ssts != null) {
        completedSsts = ssts;
      }
      pendingSsts.headMap(checkpointId, true).clear();
    }
  }

  KeyGroupRange range() {
    return keyGroupRange;
  }

  String backendId() {
    return backendId;
  }

  long now() {
    return timeProvider.currentTimestamp();
  }

  // --- restore ---

  @Override
  public void restore(Collection<KeyedStateHandle> handlesToRestore, Configuration hadoopConf) throws Exception {
    if (closed || restoreCalled || hasRegisteredStates() || db != null) {
      throw new IllegalStateException("restore() must be called once, before any state is registered");
    }
    restoreCalled = true;
    new RocksDbRestore(this, hadoopConf).restore(handlesToRestore);
  }

  java.nio.file.Path workDir() {
    return workDir;
  }

  java.nio.file.Path dbDir() {
    return dbDir;
  }

  Map<String, Column> columns() {
    return columns;
  }

  /** After opening a downloaded checkpoint of exactly this range: its SSTs are already uploaded. */
  void restoredSsts(List<NamedFile> ssts) {
    Map<String, NamedFile> byName = new HashMap<>();
    for (NamedFile f : ssts) {
      byName.put(f.localName(), f);
    }
    synchronized (sstLock) {
      completedSsts = byName;
    }
  }

  // --- closing ---

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (valueCache != null) {
      valueCache.discard();
    }
    for (AsyncSnapshot<?> s : running) {
      s.discard();
    }
    guard.closeAndWait();
    if (changelog != null) {
      changelog.close();
    }
    for (ColumnFamilyHandle h : handles) {
      h.close();
    }
    handles.clear();
    if (db != null) {
      db.close();
      db = null;
    }
    writeOptions.close();
    readOptions.close();
    memory.close();
    columns.clear();
    deleteRecursively(workDir);
  }

  static void deleteRecursively(java.nio.file.Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<java.nio.file.Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          LOG.warn("could not delete {}", p, e);
        }
      });
    } catch (IOException e) {
      LOG.warn("could not delete {}", dir, e);
    }
  }

  static WriteBatch flushIfLarge(RocksDB db, WriteOptions options, WriteBatch batch) throws RocksDBException {
    if (batch.getDataSize() < BATCH_BYTES) {
      return batch;
    }
    db.write(options, batch);
    batch.close();
    return new WriteBatch();
  }
}
