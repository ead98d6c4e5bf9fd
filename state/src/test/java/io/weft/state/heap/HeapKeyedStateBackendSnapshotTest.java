package io.weft.state.heap;

import io.weft.core.types.TypeSerializer;
import io.weft.state.keyed.KeyedStateBackend;
import io.weft.state.keyed.KeyedStateBackendTestBase;
import io.weft.state.keyed.ManualClock;
import io.weft.state.snapshot.KeyGroupRange;
import java.io.File;

class HeapKeyedStateBackendSnapshotTest extends KeyedStateBackendTestBase {
  @Override
  protected <K> KeyedStateBackend<K> create(KeyGroupRange range, int maxParallelism, TypeSerializer<K> keys,
      ManualClock clock, File localDir) {
    return new HeapKeyedStateBackend<>(range, maxParallelism, keys, clock);
  }
}
