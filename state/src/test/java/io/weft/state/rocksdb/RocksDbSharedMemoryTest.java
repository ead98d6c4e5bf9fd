package io.weft.state.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.core.types.TypeSerializer;
import io.weft.core.types.Types;
import io.weft.state.keyed.ManualClock;
import io.weft.state.snapshot.KeyGroupRange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.FlushOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;
import org.rocksdb.WriteOptions;

/** One slot's RocksDB memory: one budget for every instance of the slot, however many there are. */
class RocksDbSharedMemoryTest {
  private static final TypeSerializer<String> KEYS = Types.STRING.createSerializer();
  private static final long BUDGET = 8L << 20;

  @TempDir
  Path tmp;

  private RocksDbKeyedStateBackend<String> backend(RocksDbSharedMemory slot) throws Exception {
    return new RocksDbKeyedStateBackend<>(new KeyGroupRange(0, 15), 16, KEYS, new ManualClock(0),
        RocksDbConfig.inSlot(tmp.toFile(), slot, false));
  }

  @Test
  void threeInstancesOfASlotShareOneBudgetAndTheLastOneFreesIt() throws Exception {
    RocksDbSharedMemory slot = new RocksDbSharedMemory("slot 1 of TaskManager tm-0", BUDGET);
    List<RocksDbKeyedStateBackend<String>> backends = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      backends.add(backend(slot));
    }
    assertEquals(3, slot.users());
    // Each instance writes ~1.5x the whole budget: were the budget per instance, usage would pass it.
    byte[] big = new byte[1024];
    String value = new String(big).replace('\0', 'x');
    ValueStateDescriptor<String> desc = new ValueStateDescriptor<>("v", String.class);
    long highest = 0;
    for (RocksDbKeyedStateBackend<String> b : backends) {
      ValueState<String> v = b.getValueState(desc);
      for (int k = 0; k < 12_000; k++) {
        b.setCurrentKey("key-" + k);
        v.update(value + k);
        if (k % 1000 == 0) {
          highest = Math.max(highest, slot.usedBytes());
        }
      }
    }
    assertTrue(highest > 0, "the shared cache holds the memtables' reservations");
    assertTrue(highest <= BUDGET, "the slot's usage " + highest + " stays within its budget " + BUDGET);
    for (RocksDbKeyedStateBackend<String> b : backends) {
      ValueState<String> v = b.getValueState(desc);
      for (int k = 0; k < 12_000; k += 997) {
        b.setCurrentKey("key-" + k);
        assertEquals(value + k, v.value());
      }
    }
    backends.get(0).close();
    backends.get(1).close();
    assertEquals(1, slot.users());
    backends.get(2).close();
    assertEquals(0, slot.users());
    assertEquals(0, slot.usedBytes(), "the last instance freed the cache");
    // A later instance in the same slot starts a fresh cache.
    try (RocksDbKeyedStateBackend<String> again = backend(slot)) {
      assertEquals(1, slot.users());
    }
  }

  @Test
  void aSlotWithoutManagedMemoryRefusesRocksDbNamingTheSlotAndTheKey() {
    RocksDbSharedMemory slot = new RocksDbSharedMemory("slot 0 of TaskManager tm-2", 0);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> backend(slot));
    assertTrue(e.getMessage().contains("slot 0 of TaskManager tm-2"), e.getMessage());
    assertTrue(e.getMessage().contains("taskmanager.memory.managed.fraction"), e.getMessage());
    assertEquals(0, slot.users());
  }

  @Test
  void aFullStrictCacheFailsTheStateNamingTheSlotItsBudgetAndTheKey() throws Exception {
    RocksDbSharedMemory slot = new RocksDbSharedMemory("slot 1 of TaskManager tm-3", BUDGET);
    try (RocksDbKeyedStateBackend<String> b = backend(slot)) {
      // What RocksDB answers a read whose block cannot enter a strict cache full of pinned entries.
      RocksDBException full = new RocksDBException("Insert failed due to LRU cache being full.",
          new Status(Status.Code.Incomplete, Status.SubCode.MemoryLimit, "Insert failed due to LRU cache being full."));
      String m = b.stateFailed("counts", full).getMessage();
      assertTrue(m.contains("'counts'") && m.contains("slot 1 of TaskManager tm-3") && m.contains("8.0 MiB")
          && m.contains("taskmanager.memory.managed.fraction") && m.contains("-ytm"), m);
      String other = b.stateFailed("counts", new RocksDBException("IO error: disk full")).getMessage();
      assertTrue(other.startsWith("RocksDB failed on state 'counts'") && !other.contains("managed"), other);
    }
  }

  /**
   * The soak's growth (docs/benchmarks.md): blocks of SST files that compaction replaced stayed in
   * the slot's cache until it was full. Each round here rewrites every key, compacts (every earlier
   * file becomes obsolete) and reads every key (the new file's blocks enter the cache); without
   * uncaching the cache would hold every round's blocks, 20 times the live data.
   */
  @Test
  void blocksOfFilesThatCompactionReplacedLeaveTheSlotsCache() throws Exception {
    RocksDB.loadLibrary();
    RocksDbSharedMemory slot = new RocksDbSharedMemory("slot 0 of TaskManager tm-0", 64L << 20);
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (RocksDbMemory memory = RocksDbMemory.shared(slot, 0.5, 0.1)) {
      try (RocksDB db = RocksDB.open(memory.dbOptions(), tmp.resolve("db").toString(),
              List.of(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, memory.columnOptions())), handles);
          WriteOptions write = new WriteOptions().setDisableWAL(true);
          ReadOptions read = new ReadOptions();
          FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
        byte[] padding = new byte[100];
        java.util.Random random = new java.util.Random(28); // incompressible values
        long live = 0;
        long cachedBeyondLive = 0;
        for (int round = 0; round < 20; round++) {
          for (int k = 0; k < 5_000; k++) {
            random.nextBytes(padding);
            padding[0] = (byte) round;
            db.put(write, ("key-" + k).getBytes(), padding);
          }
          db.flush(flush);
          db.compactRange();
          for (int k = 0; k < 5_000; k++) {
            assertEquals(round, db.get(read, ("key-" + k).getBytes())[0]);
          }
          live = Long.parseLong(db.getProperty("rocksdb.live-sst-files-size"));
          cachedBeyondLive = Math.max(cachedBeyondLive, slot.usedBytes() - live);
        }
        assertTrue(live > 256 << 10, "enough live data to tell rounds apart: " + live);
        // What the cache may hold besides the live file's blocks: the memtables' reservation (one
        // arena block after a flush) and the blocks of the file just replaced, should its erasure lag.
        assertTrue(cachedBeyondLive <= live + (1 << 20), "the cache held " + cachedBeyondLive
            + " bytes beyond the " + live + " bytes of live SST files: blocks of obsolete files were kept");
      } finally {
        handles.forEach(ColumnFamilyHandle::close);
      }
    }
    assertEquals(0, slot.users());
  }
}
