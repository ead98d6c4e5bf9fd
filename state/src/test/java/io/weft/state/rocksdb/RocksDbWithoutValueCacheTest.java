package io.weft.state.rocksdb;

import io.weft.core.types.TypeSerializer;
import io.weft.state.keyed.KeyedStateBackend;
import io.weft.state.keyed.KeyedStateBackendTestBase;
import io.weft.state.keyed.ManualClock;
import io.weft.state.snapshot.KeyGroupRange;
import java.io.File;

/** Every shared backend test with the value cache off ({@code state.backend.rocksdb.value-cache.size: 0}). */
class RocksDbWithoutValueCacheTest extends KeyedStateBackendTestBase {
  @Override
  protected <K> KeyedStateBackend<K> create(KeyGroupRange range, int maxParallelism, TypeSerializer<K> keys,
      ManualClock clock, File localDir) throws Exception {
    return new RocksDbKeyedStateBackend<>(range, maxParallelism, keys, clock,
        RocksDbConfig.of(localDir, 64L << 20, false).withValueCache(0));
  }
}
