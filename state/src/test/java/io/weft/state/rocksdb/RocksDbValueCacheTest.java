package io.weft.state.rocksdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.api.windowing.windows.TimeWindow;
import io.weft.api.windowing.windows.TimeWindowSerializer;
import io.weft.core.types.TypeSerializer;
import io.weft.state.keyed.KeyedStateBackend;
import io.weft.state.keyed.KeyedStateBackendTestBase;
import io.weft.state.keyed.ManualClock;
import io.weft.state.snapshot.KeyGroupRange;
import io.weft.state.snapshot.KeyedStateHandle;
import java.io.File;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every shared backend test with the state changelog (incremental checkpoints) and a value cache so
 * small that rows are evicted (written back, and logged) all the time, plus what the cache itself
 * promises.
 */
class RocksDbValueCacheTest extends KeyedStateBackendTestBase {
  private static final long MEMORY = 64L << 20;
  /** Room for a handful of rows: most updates evict another row. */
  private static final long TINY = 1000;

  @Override
  protected <K> KeyedStateBackend<K> create(KeyGroupRange range, int maxParallelism, TypeSerializer<K> keys,
      ManualClock clock, File localDir) throws Exception {
    return new RocksDbKeyedStateBackend<>(range, maxParallelism, keys, clock,
        RocksDbConfig.of(localDir, MEMORY, true).withChangelog(1000).withValueCache(TINY));
  }

  @Override
  protected boolean snapshotsDropExpiredEntries() {
    return false;
  }

  private RocksDbKeyedStateBackend<String> cached(long cacheBytes, boolean changelog) throws Exception {
    File dir = Files.createTempDirectory(tmp, "rocks").toFile();
    RocksDbConfig config = RocksDbConfig.of(dir, MEMORY, true).withValueCache(cacheBytes);
    return new RocksDbKeyedStateBackend<>(new KeyGroupRange(0, MAX_P - 1), MAX_P, KEYS, clock,
        changelog ? config.withChangelog(1000) : config);
  }

  /** The row RocksDB itself has for the current key of {@code b}, bypassing the cache. */
  private static byte[] row(RocksDbKeyedStateBackend<String> b, String state) throws Exception {
    RocksDbKeyedStateBackend.Column c = b.columns().get(state);
    return b.database().get(c.handle, b.keyAndNamespace(c.namespaceSerializer, state));
  }

  @Test
  void updatesReachRocksDbAtTheSnapshotThatMustHaveThem() throws Exception {
    RocksDbKeyedStateBackend<String> b = cached(1 << 20, false);
    try {
      ValueState<Long> v = b.getValueState(valueDesc());
      for (int i = 0; i < 50; i++) {
        b.setCurrentKey("k" + i);
        v.update((long) i);
      }
      b.setCurrentKey("k7");
      assertNull(row(b, "value"), "held back in the cache until needed");
      assertEquals(7L, v.value());
      KeyedStateHandle h = snapshot(b, 1);
      assertNotNull(row(b, "value"), "written by the snapshot's synchronous part");
      KeyedStateBackend<String> r = restored(new KeyGroupRange(0, MAX_P - 1), List.of(viaCodec(h)));
      ValueState<Long> rv = r.getValueState(valueDesc());
      for (int i = 0; i < 50; i++) {
        r.setCurrentKey("k" + i);
        assertEquals((long) i, rv.value());
      }
    } finally {
      b.close();
    }
  }

  @Test
  void aRowClearedAfterASnapshotIsDeletedByTheNext() throws Exception {
    RocksDbKeyedStateBackend<String> b = cached(1 << 20, true);
    try {
      ValueState<Long> v = b.getValueState(valueDesc());
      b.setCurrentKey("gone");
      v.update(1L);
      b.setCurrentKey("kept");
      v.update(2L);
      snapshot(b, 1);
      b.setCurrentKey("gone");
      v.clear();
      assertNull(v.value());
      assertNotNull(row(b, "value"), "the delete waits in the cache too");
      KeyedStateHandle h = snapshot(b, 2);
      assertNull(row(b, "value"));
      KeyedStateBackend<String> r = restored(new KeyGroupRange(0, MAX_P - 1), List.of(viaCodec(h)));
      ValueState<Long> rv = r.getValueState(valueDesc());
      r.setCurrentKey("gone");
      assertNull(rv.value());
      r.setCurrentKey("kept");
      assertEquals(2L, rv.value());
    } finally {
      b.close();
    }
  }

  @Test
  void theCacheStaysWithinItsBudgetAndEvictedRowsAreWrittenBack() throws Exception {
    RocksDbKeyedStateBackend<String> b = cached(2000, false);
    try {
      ValueState<Long> v = b.getValueState(valueDesc());
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 200; i++) {
          b.setCurrentKey("k" + i);
          Long old = v.value();
          v.update(old == null ? 1 : old + 1);
          assertTrue(b.valueCache().bytes() <= 2000, "over budget: " + b.valueCache().bytes());
        }
      }
      b.setCurrentKey("k0");
      assertNotNull(row(b, "value"), "k0 was evicted long ago, so written back");
      for (int i = 0; i < 200; i++) {
        b.setCurrentKey("k" + i);
        assertEquals(3L, v.value());
      }
      assertEquals(200, b.numEntries("value"));
    } finally {
      b.close();
    }
  }

  @Test
  void readsAndWritesCopyAsRocksDbWould() throws Exception {
    RocksDbKeyedStateBackend<String> b = cached(1 << 20, false);
    try {
      ValueState<long[]> v = b.getValueState(new ValueStateDescriptor<>("array", long[].class));
      b.setCurrentKey("a");
      long[] written = {1, 2};
      v.update(written);
      written[0] = 99; // after update: not what the state holds
      long[] read = v.value();
      assertArrayEquals(new long[] {1, 2}, read);
      read[1] = 99; // changed without update: not what the state holds either
      assertArrayEquals(new long[] {1, 2}, v.value());
    } finally {
      b.close();
    }
  }

  @Test
  void windowsOfOneKeyAreRowsOfTheirOwn() throws Exception {
    RocksDbKeyedStateBackend<String> b = cached(1 << 20, false);
    try {
      ValueState<Long> v = b.getValueState(TimeWindowSerializer.INSTANCE, valueDesc());
      b.setCurrentKey("k");
      for (int w = 0; w < 3; w++) {
        b.setCurrentNamespace(new TimeWindow(w * 1000L, (w + 1) * 1000L));
        v.update((long) w);
      }
      b.setCurrentNamespace(new TimeWindow(1000, 2000)); // equal, not the same object
      assertEquals(1L, v.value());
      v.clear();
      assertEquals(2, b.numEntries("value"));
      assertEquals(List.of("k"), b.keys("value"));
    } finally {
      b.close();
    }
  }
}
