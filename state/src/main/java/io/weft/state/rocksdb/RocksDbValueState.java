package io.weft.state.rocksdb;

import static io.weft.state.rocksdb.RocksDbKeyedStateBackend.deserialize;

import io.weft.api.state.ValueState;
import io.weft.core.types.TypeSerializer;
import org.rocksdb.RocksDBException;

/** A value per (key, namespace): one row. */
final class RocksDbValueState<V> extends RocksDbState implements ValueState<V> {
  private final TypeSerializer<V> values;

  RocksDbValueState(RocksDbKeyedStateBackend<?> backend, RocksDbKeyedStateBackend.Column column,
      TypeSerializer<?> namespaces, TypeSerializer<V> values) {
    super(backend, column, namespaces);
    this.values = values;
  }

  @Override
  public V value() {
    try {
      byte[] v = db().get(column.handle, read(), keyAndNamespace());
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
      byte[] key = keyAndNamespace();
      backend.put(column, key, backend.serialize(values, value, column.name));
    } catch (RocksDBException e) {
      throw backend.stateFailed(column.name, e);
    }
  }

  @Override
  public void clear() {
    try {
      backend.delete(column, keyAndNamespace());
    } catch (RocksDBException e) {
      throw backend.stateFailed(column.name, e);
    }
  }
}
