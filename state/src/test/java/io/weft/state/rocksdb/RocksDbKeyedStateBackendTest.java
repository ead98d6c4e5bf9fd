package io.weft.state.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.state.ValueState;
import io.weft.core.types.TypeSerializer;
import io.weft.state.heap.HeapKeyedStateBackend;
import io.weft.state.keyed.KeyedStateBackend;
import io.weft.state.keyed.KeyedStateBackendTestBase;
import io.weft.state.keyed.ManualClock;
import io.weft.state.snapshot.AsyncSnapshot;
import io.weft.state.snapshot.IncrementalKeyedStateHandle;
import io.weft.state.snapshot.IncrementalKeyedStateHandle.NamedFile;
import io.weft.state.snapshot.KeyGroupRange;
import io.weft.state.snapshot.KeyGroupsStateHandle;
import io.weft.state.snapshot.KeyedStateHandle;
import io.weft.state.snapshot.SnapshotKind;
import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every shared backend test with full snapshots, plus what only RocksDB does. */
class RocksDbKeyedStateBackendTest extends KeyedStateBackendTestBase {
  static final long MEMORY = 64L << 20;

  @Override
  protected <K> KeyedStateBackend<K> create(KeyGroupRange range, int maxParallelism, TypeSerializer<K> keys,
      ManualClock clock, File localDir) throws Exception {
    return new RocksDbKeyedStateBackend<>(range, maxParallelism, keys, clock, RocksDbConfig.of(localDir, MEMORY, false));
  }

  private RocksDbKeyedStateBackend<String> rocks(KeyGroupRange range, boolean incremental) throws Exception {
    File dir = Files.createTempDirectory(tmp, "rocks").toFile();
    return new RocksDbKeyedStateBackend<>(range, MAX_P, KEYS, clock, RocksDbConfig.of(dir, MEMORY, incremental));
  }

  @Test
  void fullSnapshotsAreKeyGrouped() throws Exception {
    KeyedStateBackend<String> b = backend();
    fill(b, 10);
    assertTrue(snapshot(b, 1) instanceof KeyGroupsStateHandle);
  }

  @Test
  void theWorkingDirectoryIsDeletedOnClose() throws Exception {
    RocksDbKeyedStateBackend<String> b = rocks(new KeyGroupRange(0, MAX_P - 1), false);
    fill(b, 10);
    assertTrue(Files.isDirectory(b.workingDirectory()));
    b.close();
    assertFalse(Files.exists(b.workingDirectory()));
    b.close(); // twice is fine
  }

  @Test
  void closeWaitsForARunningUploadOrStopsIt() throws Exception {
    RocksDbKeyedStateBackend<String> b = rocks(new KeyGroupRange(0, MAX_P - 1), false);
    fill(b, 100);
    AsyncSnapshot<KeyedStateHandle> s = b.snapshot(1, storage, SnapshotKind.CHECKPOINT);
    b.close(); // discards the snapshot that never ran: no native resources leak, no crash
    assertThrows(Exception.class, s::upload);
    assertFalse(Files.exists(b.workingDirectory()));
  }

  /** Keys 0..n-1 with values derived from the key and a version. */
  private static void write(KeyedStateBackend<String> b, int from, int to, long version) throws Exception {
    ValueState<Long> v = b.getValueState(valueDesc());
    for (int i = from; i < to; i++) {
      b.setCurrentKey("key-" + i);
      v.update(i * 1000 + version);
    }
  }

  @Test
  void incrementalCheckpointsUploadOnlyNewSstFiles() throws Exception {
    int n = 20_000;
    RocksDbKeyedStateBackend<String> b = rocks(new KeyGroupRange(0, MAX_P - 1), true);
    try {
      write(b, 0, n, 1);
      IncrementalKeyedStateHandle first = (IncrementalKeyedStateHandle) viaCodec(snapshot(b, 1));
      assertFalse(first.sharedSstFiles().isEmpty());
      assertTrue(first.privateFileList().stream().anyMatch(f -> f.localName().startsWith("MANIFEST")));
      assertTrue(first.privateFileList().stream().anyMatch(f -> f.localName().equals("CURRENT")));
      assertHandleFilesExist(first);
      b.notifyCheckpointComplete(1);

      write(b, 0, n / 100, 2); // 1% of the keys change
      IncrementalKeyedStateHandle second = (IncrementalKeyedStateHandle) viaCodec(snapshot(b, 2));
      Set<String> firstShared = Set.copyOf(first.sharedFiles());
      List<NamedFile> newFiles = second.sharedSstFiles().stream()
          .filter(f -> !firstShared.contains(f.path())).collect(Collectors.toList());
      List<NamedFile> reused = second.sharedSstFiles().stream()
          .filter(f -> firstShared.contains(f.path())).collect(Collectors.toList());
      assertEquals(first.sharedSstFiles().size(), reused.size(), "every SST of the first checkpoint is referenced");
      assertEquals(1, newFiles.size(), "only the flushed changes are uploaded: " + newFiles);
      long newBytes = newFiles.stream().mapToLong(NamedFile::size).sum();
      long oldBytes = reused.stream().mapToLong(NamedFile::size).sum();
      assertTrue(newBytes * 10 < oldBytes, "new " + newBytes + " bytes vs " + oldBytes + " re-referenced");
      // The private files are this checkpoint's own.
      assertTrue(second.privateFiles().stream().allMatch(p -> p.contains("/chk-2/")), second.privateFiles().toString());
      assertTrue(second.sharedFiles().stream().allMatch(p -> p.contains("/shared/")));

      // Restore the second at the same parallelism (download and open) and at another (copy).
      KeyedStateBackend<String> same = restored(new KeyGroupRange(0, MAX_P - 1), List.of(second));
      checkVersions(same, n);
      int total = 0;
      for (int s = 0; s < 3; s++) {
        KeyedStateBackend<String> part = restored(KeyGroupRange.forSubtask(s, 3, MAX_P), List.of(second));
        total += part.numEntries("value");
        checkVersions(part, n);
      }
      assertEquals(n, total);
    } finally {
      b.close();
    }
  }

  private static void checkVersions(KeyedStateBackend<String> b, int n) throws Exception {
    ValueState<Long> v = b.getValueState(valueDesc());
    for (int i = 0; i < n; i++) {
      String key = "key-" + i;
      if (b.keyGroupRange().contains(io.weft.core.plan.KeyGroups.keyGroupFor(key, MAX_P))) {
        b.setCurrentKey(key);
        assertEquals(i * 1000L + (i < n / 100 ? 2 : 1), v.value(), key);
      }
    }
  }

  @Test
  void withoutCompletionNothingIsReReferenced() throws Exception {
    RocksDbKeyedStateBackend<String> b = rocks(new KeyGroupRange(0, MAX_P - 1), true);
    try {
      write(b, 0, 1000, 1);
      IncrementalKeyedStateHandle first = (IncrementalKeyedStateHandle) snapshot(b, 1);
      write(b, 0, 10, 2);
      IncrementalKeyedStateHandle second = (IncrementalKeyedStateHandle) snapshot(b, 2);
      Set<String> firstShared = Set.copyOf(first.sharedFiles());
      assertTrue(second.sharedFiles().stream().noneMatch(firstShared::contains),
          "checkpoint 1 was never completed, so its files may yet be deleted");
    } finally {
      b.close();
    }
  }

  @Test
  void aRestoredCheckpointIsTheBaseOfTheNextIncrementalOne() throws Exception {
    RocksDbKeyedStateBackend<String> b = rocks(new KeyGroupRange(0, MAX_P - 1), true);
    IncrementalKeyedStateHandle first;
    try {
      write(b, 0, 5000, 1);
      first = (IncrementalKeyedStateHandle) snapshot(b, 1);
    } finally {
      b.close();
    }
    RocksDbKeyedStateBackend<String> r = rocks(new KeyGroupRange(0, MAX_P - 1), true);
    try {
      r.restore(List.of(first), HADOOP);
      write(r, 0, 10, 2);
      IncrementalKeyedStateHandle second = (IncrementalKeyedStateHandle) snapshot(r, 2);
      assertTrue(second.sharedFiles().containsAll(first.sharedFiles()), "the downloaded SSTs are referenced again");
    } finally {
      r.close();
    }
  }

  @Test
  void incrementalAndFullSnapshotsRestoreEachOtherAtAnyParallelism() throws Exception {
    int n = 300;
    List<KeyedStateHandle> handles = new ArrayList<>();
    for (int s = 0; s < 2; s++) {
      RocksDbKeyedStateBackend<String> b = rocks(KeyGroupRange.forSubtask(s, 2, MAX_P), s == 0);
      try {
        fill(b, n);
        handles.add(snapshot(b, 1));
      } finally {
        b.close();
      }
    }
    assertTrue(handles.get(0) instanceof IncrementalKeyedStateHandle);
    assertTrue(handles.get(1) instanceof KeyGroupsStateHandle);
    int total = 0;
    for (int s = 0; s < 3; s++) {
      KeyedStateBackend<String> r = restored(KeyGroupRange.forSubtask(s, 3, MAX_P), handles);
      check(r, n);
      total += r.numEntries("value");
    }
    assertEquals(n, total);
  }

  @Test
  void savepointsAreFullEvenWhenCheckpointsAreIncremental() throws Exception {
    RocksDbKeyedStateBackend<String> b = rocks(new KeyGroupRange(0, MAX_P - 1), true);
    try {
      fill(b, 10);
      KeyedStateHandle h = b.snapshot(1, storage, SnapshotKind.SAVEPOINT).upload();
      assertTrue(h instanceof KeyGroupsStateHandle);
      assertTrue(h.sharedFiles().isEmpty());
    } finally {
      b.close();
    }
  }

  @Test
  void heapAndRocksDbSnapshotsAreNotInterchangeable() throws Exception {
    KeyedStateBackend<String> b = backend();
    fill(b, 10);
    KeyedStateHandle h = snapshot(b, 1);
    HeapKeyedStateBackend<String> heap = new HeapKeyedStateBackend<>(new KeyGroupRange(0, MAX_P - 1), MAX_P, KEYS,
        clock);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> heap.restore(List.of(h), HADOOP));
    assertTrue(e.getMessage().contains("state.backend: rocksdb"), e.getMessage());
  }

  @Test
  void managedMemoryBoundsTheSharedBlockCache() throws Exception {
    RocksDbKeyedStateBackend<String> b = rocks(new KeyGroupRange(0, MAX_P - 1), false);
    try {
      fill(b, 10);
      // Flink's split for a write buffer ratio of 0.5: the cache gets (3 - 0.5) / 3 of the total.
      long expected = (long) (2.5 * MEMORY / 3);
      assertEquals(String.valueOf(expected), b.database().getProperty("rocksdb.block-cache-capacity"));
    } finally {
      b.close();
    }
  }

  @Test
  void unmanagedMemoryWorksToo() throws Exception {
    File dir = Files.createTempDirectory(tmp, "rocks").toFile();
    try (RocksDbKeyedStateBackend<String> b = new RocksDbKeyedStateBackend<>(new KeyGroupRange(0, MAX_P - 1), MAX_P,
        KEYS, clock, RocksDbConfig.of(dir, 0, false))) {
      fill(b, 20);
      check(b, 20);
    }
  }
}
