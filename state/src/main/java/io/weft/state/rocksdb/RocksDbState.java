package io.weft.state.rocksdb;

import io.weft.core.types.TypeSerializer;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteOptions;

/** What every RocksDB state kind shares: its column family, and the row key of the current key and namespace. */
abstract class RocksDbState {
  final RocksDbKeyedStateBackend<?> backend;
  final RocksDbKeyedStateBackend.Column column;
  private final TypeSerializer<?> namespaces;

  RocksDbState(RocksDbKeyedStateBackend<?> backend, RocksDbKeyedStateBackend.Column column,
      TypeSerializer<?> namespaces) {
    this.backend = backend;
    this.column = column;
    this.namespaces = namespaces;
  }

  final RocksDB db() {
    return backend.database();
  }

  final ReadOptions read() {
    return backend.readOptions();
  }

  final WriteOptions write() {
    return backend.writeOptions();
  }

  final byte[] keyAndNamespace() {
    return backend.keyAndNamespace(namespaces, column.name);
  }
}
