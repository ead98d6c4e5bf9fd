package io.weft.state.rocksdb;

import static io.weft.state.rocksdb.RocksDbKeyedStateBackend.deserialize;

import io.weft.api.state.MapState;
import io.weft.core.types.TypeSerializer;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/** A map per (key, namespace): one row per user key, found by a prefix scan over key and namespace. */
final class RocksDbMapState<UK, UV> extends RocksDbState implements MapState<UK, UV> {
  private final TypeSerializer<UK> userKeys;
  private final TypeSerializer<UV> userValues;

  RocksDbMapState(RocksDbKeyedStateBackend<?> backend, RocksDbKeyedStateBackend.Column column,
      TypeSerializer<?> namespaces, TypeSerializer<UK> userKeys, TypeSerializer<UV> userValues) {
    super(backend, column, namespaces);
    this.userKeys = userKeys;
    this.userValues = userValues;
  }

  private byte[] row(UK userKey) {
    byte[] prefix = keyAndNamespace();
    KeyBytes.Buffer valueBuffer = backend.valueBuffer();
    try {
      userKeys.serialize(userKey, backend.valueOut());
    } catch (IOException e) {
      throw new IllegalStateException("state '" + column.name + "': cannot serialize map key " + userKey, e);
    }
    return valueBuffer.withPrefix(prefix);
  }

  @Override
  public UV get(UK key) {
    try {
      byte[] v = db().get(column.handle, read(), row(key));
      return v == null ? null : deserialize(userValues, v, 0, column.name);
    } catch (RocksDBException e) {
      throw backend.stateFailed(column.name, e);
    }
  }

  @Override
  public void put(UK key, UV value) {
    try {
      byte[] row = row(key);
      backend.put(column, row, backend.serialize(userValues, value, column.name));
    } catch (RocksDBException e) {
      throw backend.stateFailed(column.name, e);
    }
  }

  @Override
  public void putAll(Map<UK, UV> map) {
    List<byte[]> rows = new ArrayList<>(map.size());
    List<byte[]> values = new ArrayList<>(map.size());
    for (Map.Entry<UK, UV> e : map.entrySet()) {
      rows.add(row(e.getKey()));
      values.add(backend.serialize(userValues, e.getValue(), column.name));
    }
    try {
      backend.writeBatch(column, rows, values);
    } catch (RocksDBException e) {
      throw backend.stateFailed(column.name, e);
    }
  }

  @Override
  public void remove(UK key) {
    try {
      backend.delete(column, row(key));
    } catch (RocksDBException e) {
      throw backend.stateFailed(column.name, e);
    }
  }

  @Override
  public boolean contains(UK key) {
    try {
      return db().get(column.handle, read(), row(key)) != null;
    } catch (RocksDBException e) {
      throw backend.stateFailed(column.name, e);
    }
  }

  /** The entries of the current key and namespace, read into a list (no native iterator outlives the call). */
  @Override
  public Iterable<Map.Entry<UK, UV>> entries() {
    byte[] prefix = keyAndNamespace();
    List<Map.Entry<UK, UV>> entries = new ArrayList<>();
    try (RocksIterator it = db().newIterator(column.handle, read())) {
      for (it.seek(prefix); it.isValid() && KeyBytes.startsWith(it.key(), prefix); it.next()) {
        UK k = deserialize(userKeys, it.key(), prefix.length, column.name);
        UV v = deserialize(userValues, it.value(), 0, column.name);
        entries.add(new AbstractMap.SimpleImmutableEntry<>(k, v));
      }
    }
    return entries;
  }

  @Override
  public Iterable<UK> keys() {
    List<UK> keys = new ArrayList<>();
    entries().forEach(e -> keys.add(e.getKey()));
    return keys;
  }

  @Override
  public Iterable<UV> values() {
    List<UV> values = new ArrayList<>();
    entries().forEach(e -> values.add(e.getValue()));
    return values;
  }

  @Override
  public boolean isEmpty() {
    byte[] prefix = keyAndNamespace();
    try (RocksIterator it = db().newIterator(column.handle, read())) {
      it.seek(prefix);
      return !(it.isValid() && KeyBytes.startsWith(it.key(), prefix));
    }
  }

  @Override
  public void clear() {
    byte[] prefix = keyAndNamespace();
    List<byte[]> rows = new ArrayList<>();
    try (RocksIterator it = db().newIterator(column.handle, read())) {
      for (it.seek(prefix); it.isValid() && KeyBytes.startsWith(it.key(), prefix); it.next()) {
        rows.add(it.key());
      }
    }
    try {
      backend.writeBatch(column, rows, java.util.Collections.nCopies(rows.size(), null));
    } catch (RocksDBException e) {
      throw backend.stateFailed(column.name, e);
    }
  }
}
