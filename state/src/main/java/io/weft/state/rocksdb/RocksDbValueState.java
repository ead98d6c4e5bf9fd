package io.weft.state.rocksdb;

import static io.weft.state.rocksdb.RocksDbKeyedStateBackend.deserialize;
import static io.weft.state.rocksdb.RocksDbKeyedStateBackend.failed;

import io.weft.api.state.ValueState;
import io.weft.core.types.TypeSerializer;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/** A value per (key, namespace): one row. */
final class RocksDbValueState<V> implements ValueState<V> {
  private final RocksDbKeyedStateBackend<?> backend;
  private final RocksDbKeyedStateBackend.Column column;
  private final TypeSerializer<?> namespaces;
  private final TypeSerializer<V> values;

  RocksDbValueState(RocksDbKeyedStateBackend<?> backend, RocksDbKeyedStateBackend.Column column,
      TypeSerializer<?> namespaces, TypeSerializer<V> values) {
    this.backend = backend;
    this.column = column;
    this.namespaces = namespaces;
    this.values = values;
  }

  private RocksDB db() {
    return backend.database();
  }

  private ReadOptions read() {
    return backend.readOptions();
  }

  private WriteOptions write() {
    return backend.writeOptions();
  }

  private byte[] keyAndNamespace() {
    return backend.keyAndNamespace(namespaces, column.name);
  }

  @Override
  public V value() {
    try {
      byte[] v = db().get(column.handle, read(), keyAndNamespace());
      return v == null ? null : deserialize(values, v, 0, column.name);
    } catch (RocksDBException e) {
      throw failed(column.name, e);
    }
  }

  @Override
  public void update(V value) {
    if (value == null) {
      clear();
      return;
    }
    try {
      byte[] key = keyAndNamespace();
      db().put(column.handle, write(), key, backend.serialize(values, value, column.name));
    } catch (RocksDBException e) {
      throw failed(column.name, e);
    }
  }

  @Override
  public void clear() {
    try {
      db().delete(column.handle, write(), keyAndNamespace());
    } catch (RocksDBException e) {
      throw failed(column.name, e);
    }
  }
}
