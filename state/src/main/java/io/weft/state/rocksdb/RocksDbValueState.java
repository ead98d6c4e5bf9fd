package io.weft.state.rocksdb;

import static io.weft.state.rocksdb.RocksDbKeyedStateBackend.deserialize;

import io.weft.api.state.ValueState;
import io.weft.core.types.TypeSerializer;
import org.rocksdb.RocksDBException;

/**
 * A value per (key, namespace): one row, read and written through the backend's {@link
 * RocksDbValueCache} when it has one.
 */
final class RocksDbValueState<V> extends RocksDbState implements ValueState<V> {
  private final TypeSerializer<V> values;
  private final RocksDbValueCache cache;

  RocksDbValueState(RocksDbKeyedStateBackend<?> backend, RocksDbKeyedStateBackend.Column column,
      TypeSerializer<?> namespaces, TypeSerializer<V> values) {
    super(backend, column, namespaces);
    this.values = values;
    this.cache = backend.valueCache();
  }

  @Override
  public V value() {
    try {
      if (cache == null) {
        byte[] v = db().get(column.handle, read(), keyAndNamespace());
        return v == null ? null : deserialize(values, v, 0, column.name);
      }
      Object key = backend.currentKeyForState();
      Object namespace = backend.currentNamespace();
      RocksDbValueCache.Entry e = cache.find(this, key, namespace);
      byte[] v;
      if (e != null) {
        v = e.value;
      } else {
        byte[] rowKey = keyAndNamespace();
        v = db().get(column.handle, read(), rowKey);
        cache.add(this, key, namespace, rowKey, v, false, v != null);
      }
      return v == null ? null : deserialize(values, v, 0, column.name);
    } catch (RocksDBException e) {
      throw backend.stateFailed(column.name, e);
    }
  }

  @Override
  public void update(V value) {
    if (value == null) {
      clear();
      return;
    }
    try {
      byte[] bytes = backend.serialize(values, value, column.name);
      if (cache == null) {
        backend.put(column, keyAndNamespace(), bytes);
        return;
      }
      Object key = backend.currentKeyForState();
      Object namespace = backend.currentNamespace();
      RocksDbValueCache.Entry e = cache.find(this, key, namespace);
      if (e != null) {
        cache.set(e, bytes);
      } else {
        // Whether RocksDB has a row is not known without a read, so it may.
        cache.add(this, key, namespace, keyAndNamespace(), bytes, true, true);
      }
    } catch (RocksDBException e) {
      throw backend.stateFailed(column.name, e);
    }
  }

  @Override
  public void clear() {
    try {
      RocksDbValueCache.Entry e = cache == null ? null
          : cache.find(this, backend.currentKeyForState(), backend.currentNamespace());
      if (e != null) {
        cache.set(e, null);
      } else {
        backend.delete(column, keyAndNamespace());
      }
    } catch (RocksDBException e) {
      throw backend.stateFailed(column.name, e);
    }
  }
}
