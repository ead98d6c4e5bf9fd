package io.weft.state.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.weft.api.state.AggregatingState;
import io.weft.api.state.ValueState;
import io.weft.core.types.TypeSerializer;
import io.weft.state.keyed.KeyedStateBackend;
import io.weft.state.keyed.KeyedStateBackendTestBase;
import io.weft.state.keyed.ManualClock;
import io.weft.state.snapshot.AsyncSnapshot;
import io.weft.state.snapshot.KeyGroupRange;
import io.weft.state.snapshot.KeyedStateHandle;
import io.weft.state.snapshot.SnapshotKind;
import java.io.File;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HeapKeyedStateBackendSnapshotTest extends KeyedStateBackendTestBase {
  @Override
  protected <K> KeyedStateBackend<K> create(KeyGroupRange range, int maxParallelism, TypeSerializer<K> keys,
      ManualClock clock, File localDir) {
    return new HeapKeyedStateBackend<>(range, maxParallelism, keys, clock);
  }

  /**
   * The table remembers the entry a read found, for the write of the same record; a snapshot that
   * starts between the two must still get the value from before it.
   */
  @Test
  void aWriteOfTheEntryReadBeforeASnapshotStartedLeavesTheSnapshotsValue() throws Exception {
    KeyedStateBackend<String> b = backend();
    ValueState<Long> value = b.getValueState(valueDesc());
    AggregatingState<Long, Double> avg = b.getAggregatingState(avgDesc());
    b.setCurrentKey("k");
    value.update(1L);
    avg.add(10L);
    assertEquals(1L, value.value());
    assertEquals(10.0, avg.get());

    AsyncSnapshot<KeyedStateHandle> s = b.snapshot(1, storage, SnapshotKind.CHECKPOINT);
    value.update(2L); // the remembered entry, in a key group map the snapshot shares
    avg.add(20L); // an accumulator changed in place: copied first
    b.setCurrentKey("other");
    value.update(3L); // an insertion after the snapshot started

    ExecutorService uploads = Executors.newSingleThreadExecutor();
    KeyedStateHandle h;
    try {
      h = uploads.submit(s).get(30, TimeUnit.SECONDS);
    } finally {
      uploads.shutdownNow();
      uploads.awaitTermination(10, TimeUnit.SECONDS);
    }
    KeyedStateBackend<String> r = restored(new KeyGroupRange(0, MAX_P - 1), List.of(h));
    r.setCurrentKey("k");
    assertEquals(1L, r.getValueState(valueDesc()).value());
    assertEquals(10.0, r.getAggregatingState(avgDesc()).get());
    r.setCurrentKey("other");
    assertNull(r.getValueState(valueDesc()).value());

    b.setCurrentKey("k");
    assertEquals(2L, value.value());
    assertEquals(15.0, avg.get());
    b.setCurrentKey("other");
    assertEquals(3L, value.value());
  }

  /** Reading, removing and adding again in one key context must not reuse a slot that moved. */
  @Test
  void clearAndAddAgainInOneKeyContext() throws Exception {
    KeyedStateBackend<String> b = backend();
    ValueState<Long> value = b.getValueState(valueDesc());
    for (int i = 0; i < 100; i++) {
      b.setCurrentKey("key-" + i);
      value.update((long) i);
    }
    for (int i = 0; i < 100; i += 2) {
      b.setCurrentKey("key-" + i);
      assertEquals(i, value.value());
      value.clear();
      assertNull(value.value());
      value.update(-1L);
      assertEquals(-1L, value.value());
      value.clear();
    }
    for (int i = 0; i < 100; i++) {
      b.setCurrentKey("key-" + i);
      assertEquals(i % 2 == 0 ? null : (Long) (long) i, value.value());
    }
    assertEquals(50, b.numEntries("value"));
  }
}
