package io.weft.state.rocksdb;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import org.rocksdb.RocksDBException;

/**
 * A bounded write-behind cache of value rows (value, reducing and aggregating state) in front of
 * RocksDB, so that the read-modify-write of a running aggregate costs no JNI call while its key
 * stays cached: a per-record {@code get} and {@code put} were most of the task thread's time in
 * the RocksDB profile of J1 (docs/benchmarks.md).
 *
 * <p>It holds the rows' serialized bytes, as RocksDB would: reads deserialize a fresh object and
 * writes serialize at once, so what a state returns and keeps is exactly what it would without
 * the cache, and the cache's size is counted in bytes. Entries are looked up by the key and
 * namespace objects (by {@code equals}, as the heap backend and keyBy's partitioning do), which
 * skips building the row key on a hit; the row key is built once, on the miss that loads an entry.
 * So, like the heap backend, it relies on a key not being changed in place once it is the current
 * key (RocksDB alone compared the key's serialized bytes at every access).
 *
 * <p>Dirty entries reach RocksDB (and through it the state changelog) when evicted, least recently
 * used first, once the cache exceeds its budget, and all of them before anything reads RocksDB
 * other than through this cache: a snapshot's synchronous part, counting entries and listing keys
 * ({@link RocksDbKeyedStateBackend#flushValueCache}). Restores fill RocksDB before any state is
 * registered, so they never meet a cached row. Task thread only, like the states.
 */
final class RocksDbValueCache {
  /** Estimated heap bytes of one entry besides its row key and value (map node, entry, boxed key). */
  static final int ENTRY_OVERHEAD = 128;

  /** One cached row. Its identity (state, key, namespace) is fixed once it is in the map. */
  static final class Entry {
    RocksDbValueState<?> state;
    Object key;
    Object namespace;
    int hash;
    byte[] rowKey;
    /** The serialized value; null when the row does not exist (a pending delete if dirty). */
    byte[] value;
    /** Whether RocksDB lacks this entry's last write. */
    boolean dirty;
    /** Whether RocksDB may hold a row for it (false only when known not to). */
    boolean persisted;

    void identify(RocksDbValueState<?> state, Object key, Object namespace) {
      this.state = state;
      this.key = key;
      this.namespace = namespace;
      this.hash = (System.identityHashCode(state) * 31 + key.hashCode()) * 31 + Objects.hashCode(namespace);
    }

    long bytes() {
      return ENTRY_OVERHEAD + rowKey.length + (value == null ? 0 : value.length);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry e && e.state == state && e.hash == hash && key.equals(e.key)
          && Objects.equals(namespace, e.namespace);
    }
  }

  private final RocksDbKeyedStateBackend<?> backend;
  private final long budgetBytes;
  private final LinkedHashMap<Entry, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
  private final Entry probe = new Entry();
  private long bytes;
  // The entry of the last access and the key and namespace objects it was looked up with: a state's
  // read and update of one record use the same objects, so the update needs no second lookup.
  private Entry last;
  private Object lastKey;
  private Object lastNamespace;

  RocksDbValueCache(RocksDbKeyedStateBackend<?> backend, long budgetBytes) {
    if (budgetBytes <= 0) {
      throw new IllegalArgumentException("the value cache's budget must be positive: " + budgetBytes);
    }
    this.backend = backend;
    this.budgetBytes = budgetBytes;
  }

  /** The cached entry of {@code state} for this key and namespace, or null. */
  Entry find(RocksDbValueState<?> state, Object key, Object namespace) {
    Entry e = last;
    if (e != null && e.state == state && lastKey == key && lastNamespace == namespace) {
      return e;
    }
    probe.identify(state, key, namespace);
    e = entries.get(probe);
    probe.key = null;
    probe.namespace = null;
    if (e != null) {
      remember(e, key, namespace);
    }
    return e;
  }

  /** Caches a row just read from (or about to be written past) RocksDB; evicts to the budget. */
  void add(RocksDbValueState<?> state, Object key, Object namespace, byte[] rowKey, byte[] value, boolean dirty,
      boolean persisted) throws RocksDBException {
    Entry e = new Entry();
    e.identify(state, key, namespace);
    e.rowKey = rowKey;
    e.value = value;
    e.dirty = dirty;
    e.persisted = persisted;
    entries.put(e, e);
    bytes += e.bytes();
    remember(e, key, namespace);
    evictToBudget();
  }

  private void remember(Entry e, Object key, Object namespace) {
    last = e;
    lastKey = key;
    lastNamespace = namespace;
  }

  /** Sets a cached entry's value (null: the row is cleared). */
  void set(Entry e, byte[] value) throws RocksDBException {
    if (value == null && !e.persisted) {
      remove(e); // RocksDB never had it: nothing to delete
      return;
    }
    bytes -= e.bytes();
    e.value = value;
    e.dirty = true;
    bytes += e.bytes();
    evictToBudget();
  }

  private void evictToBudget() throws RocksDBException {
    Iterator<Entry> it = entries.keySet().iterator();
    while (bytes > budgetBytes && it.hasNext()) {
      Entry e = it.next();
      it.remove();
      forget(e);
      if (e.dirty) {
        write(e);
      }
    }
  }

  private void remove(Entry e) {
    entries.remove(e);
    forget(e);
  }

  private void forget(Entry e) {
    bytes -= e.bytes();
    if (last == e) {
      remember(null, null, null);
    }
  }

  private void write(Entry e) throws RocksDBException {
    RocksDbKeyedStateBackend.Column c = e.state.column;
    if (e.value == null) {
      backend.delete(c, e.rowKey);
    } else {
      backend.put(c, e.rowKey, e.value);
    }
    e.dirty = false;
    e.persisted = e.value != null;
  }

  /**
   * Writes every dirty entry to RocksDB in one batch; cleared rows leave the cache, the rest stay
   * cached, clean.
   */
  void flush() throws RocksDBException {
    List<RocksDbKeyedStateBackend.Column> columns = new ArrayList<>();
    List<byte[]> keys = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    Iterator<Entry> it = entries.keySet().iterator();
    while (it.hasNext()) {
      Entry e = it.next();
      if (!e.dirty) {
        continue;
      }
      columns.add(e.state.column);
      keys.add(e.rowKey);
      values.add(e.value);
      e.dirty = false;
      e.persisted = e.value != null;
      if (e.value == null) {
        it.remove();
        forget(e);
      }
    }
    if (!keys.isEmpty()) {
      backend.writeBatch(columns, keys, values);
    }
  }

  /** Forgets every entry without writing (the backend is closing). */
  void discard() {
    entries.clear();
    bytes = 0;
    remember(null, null, null);
  }

  /** Entries cached now; for tests. */
  int size() {
    return entries.size();
  }

  /** Estimated bytes cached now; for tests. */
  long bytes() {
    return bytes;
  }
}
