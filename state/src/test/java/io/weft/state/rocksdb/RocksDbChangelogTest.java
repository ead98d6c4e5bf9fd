package io.weft.state.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.state.ListState;
import io.weft.api.state.MapState;
import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.core.types.TypeSerializer;
import io.weft.state.keyed.KeyedStateBackend;
import io.weft.state.keyed.KeyedStateBackendTestBase;
import io.weft.state.keyed.ManualClock;
import io.weft.state.snapshot.IncrementalKeyedStateHandle;
import io.weft.state.snapshot.KeyGroupRange;
import io.weft.state.snapshot.KeyedStateHandle;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every shared backend test with the state changelog on (their first checkpoint is a
 * materialization), plus the changelog's own: checkpoints that upload only the log, restores that
 * replay it at any parallelism, materialization at the ratio, and segments re-uploaded when the
 * checkpoint that uploaded them never completed.
 */
class RocksDbChangelogTest extends KeyedStateBackendTestBase {
  private static final long MEMORY = 64L << 20;
  /** High enough that the tests' small states never materialize again unless they mean to. */
  private static final double NEVER = 1000;
  private static final ValueStateDescriptor<Long> OTHER = new ValueStateDescriptor<>("other", Long.class);

  @Override
  protected <K> KeyedStateBackend<K> create(KeyGroupRange range, int maxParallelism, TypeSerializer<K> keys,
      ManualClock clock, File localDir) throws Exception {
    return new RocksDbKeyedStateBackend<>(range, maxParallelism, keys, clock,
        RocksDbConfig.of(localDir, MEMORY, true).withChangelog(NEVER));
  }

  @Override
  protected boolean snapshotsDropExpiredEntries() {
    return false;
  }

  private RocksDbKeyedStateBackend<String> changelogBackend(double ratio) throws Exception {
    File dir = Files.createTempDirectory(tmp, "rocks").toFile();
    return new RocksDbKeyedStateBackend<>(new KeyGroupRange(0, MAX_P - 1), MAX_P, KEYS, clock,
        RocksDbConfig.of(dir, MEMORY, true).withChangelog(ratio));
  }

  private IncrementalKeyedStateHandle checkpoint(KeyedStateBackend<?> b, long id, boolean complete) throws Exception {
    IncrementalKeyedStateHandle h = (IncrementalKeyedStateHandle) viaCodec(snapshot(b, id));
    if (complete) {
      b.notifyCheckpointComplete(id);
    }
    return h;
  }

  private static void writeValues(KeyedStateBackend<String> b, int n, long version) throws Exception {
    write(b, valueDesc(), n, version);
  }

  private static void write(KeyedStateBackend<String> b, ValueStateDescriptor<Long> state, int n, long version)
      throws Exception {
    ValueState<Long> v = b.getValueState(state);
    for (int i = 0; i < n; i++) {
      b.setCurrentKey("key-" + i);
      v.update(i * 1000 + version);
    }
  }

  /** The replay pauses compactions; a restored database must compact again afterwards. */
  private static void assertCompactionsOn(KeyedStateBackend<?> b) throws Exception {
    RocksDbKeyedStateBackend<?> r = (RocksDbKeyedStateBackend<?>) b;
    assertFalse(r.columns().isEmpty());
    for (RocksDbKeyedStateBackend.Column c : r.columns().values()) {
      assertFalse(r.database().getOptions(c.handle).disableAutoCompactions(), "compactions of " + c.name);
    }
  }

  @Test
  void checkpointsAfterTheMaterializationUploadOnlyTheLogAndRestoreEveryKindAtAnyParallelism() throws Exception {
    RocksDbKeyedStateBackend<String> b = changelogBackend(NEVER);
    try {
      write(b, OTHER, 2000, 1);
      IncrementalKeyedStateHandle materialized = checkpoint(b, 1, true);
      assertTrue(materialized.changelogFiles().isEmpty());
      assertTrue(materialized.sharedSstFiles().stream().anyMatch(f -> f.localName().startsWith("MANIFEST")),
          "later checkpoints re-reference the MANIFEST, so it is shared");

      fill(b, 300); // states registered after the materialization
      IncrementalKeyedStateHandle second = checkpoint(b, 2, true);
      assertEquals(materialized.sharedSstFiles(), second.sharedSstFiles());
      assertEquals(1, second.changelogFiles().size());
      assertTrue(second.sharedFiles().containsAll(second.changelogFiles().stream().map(f -> f.path()).toList()),
          "changelog segments are shared files, kept while a checkpoint references them");
      assertHandleFilesExist(second);

      writeValues(b, 10, 7); // only these change
      IncrementalKeyedStateHandle third = checkpoint(b, 3, true);
      assertEquals(2, third.changelogFiles().size());
      assertEquals(second.changelogFiles().get(0), third.changelogFiles().get(0), "re-referenced, not uploaded");
      assertTrue(third.changelogFiles().get(1).size() < second.changelogFiles().get(0).size() / 10);

      KeyedStateBackend<String> same = restored(new KeyGroupRange(0, MAX_P - 1), List.of(second));
      check(same, 300);
      int total = 0;
      for (int s = 0; s < 3; s++) {
        KeyedStateBackend<String> part = restored(KeyGroupRange.forSubtask(s, 3, MAX_P), List.of(second));
        check(part, 300);
        assertCompactionsOn(part);
        total += part.numEntries("value");
      }
      assertEquals(300, total);

      KeyedStateBackend<String> latest = restored(new KeyGroupRange(0, MAX_P - 1), List.of(third));
      assertCompactionsOn(latest);
      ValueState<Long> v = latest.getValueState(valueDesc());
      ValueState<Long> other = latest.getValueState(OTHER);
      for (int i : new int[] {0, 9, 10, 299, 300, 1999}) {
        latest.setCurrentKey("key-" + i);
        assertEquals(i < 10 ? Long.valueOf(i * 1000L + 7) : i < 300 ? Long.valueOf(i) : null, v.value(), "key-" + i);
        assertEquals(i * 1000L + 1, other.value(), "key-" + i);
      }
    } finally {
      b.close();
    }
  }

  @Test
  void deletesMergesAndClearsAreReplayedInOrder() throws Exception {
    RocksDbKeyedStateBackend<String> b = changelogBackend(NEVER);
    try {
      fill(b, 50);
      checkpoint(b, 1, true);
      ValueState<Long> value = b.getValueState(valueDesc());
      ListState<String> list = b.getListState(listDesc());
      MapState<String, Integer> map = b.getMapState(mapDesc());
      b.setCurrentKey("key-1");
      value.clear();
      list.add("c1");
      map.remove("x");
      map.putAll(Map.of("z", 5, "w", 6));
      b.setCurrentKey("key-2");
      map.clear();
      list.update(List.of("only"));
      list.add("then");
      b.setCurrentKey("key-3");
      list.clear();
      value.update(1L);
      value.update(2L);

      KeyedStateBackend<String> r = restored(new KeyGroupRange(0, MAX_P - 1), List.of(checkpoint(b, 2, false)));
      assertCompactionsOn(r);
      ValueState<Long> rv = r.getValueState(valueDesc());
      ListState<String> rl = r.getListState(listDesc());
      MapState<String, Integer> rm = r.getMapState(mapDesc());
      r.setCurrentKey("key-1");
      assertNull(rv.value());
      assertEquals(List.of("a1", "b1", "c1"), list(rl.get()));
      assertEquals(Map.of("y", -1, "z", 5, "w", 6), toMap(rm));
      r.setCurrentKey("key-2");
      assertTrue(rm.isEmpty());
      assertEquals(List.of("only", "then"), list(rl.get()));
      r.setCurrentKey("key-3");
      assertTrue(list(rl.get()).isEmpty());
      assertEquals(2L, rv.value());
      r.setCurrentKey("key-4");
      assertEquals(4L, rv.value());
    } finally {
      b.close();
    }
  }

  @Test
  void materializesOnceTheLogReachesTheRatioAndDropsTheSegmentsItCovers() throws Exception {
    RocksDbKeyedStateBackend<String> b = changelogBackend(0.5);
    try {
      writeValues(b, 2000, 1);
      assertEquals(0, localSegments(b), "nothing is logged before the first materialization, which holds it");
      IncrementalKeyedStateHandle first = checkpoint(b, 1, true);
      writeValues(b, 200, 2); // about a tenth of the state: logged
      IncrementalKeyedStateHandle second = checkpoint(b, 2, true);
      assertEquals(1, second.changelogFiles().size());
      assertEquals(first.sharedSstFiles(), second.sharedSstFiles());
      writeValues(b, 2000, 3); // all of it: the log passes half the materialized size
      IncrementalKeyedStateHandle third = checkpoint(b, 3, true);
      assertTrue(third.changelogFiles().isEmpty(), "a materialization");
      assertFalse(Set.copyOf(first.sharedFiles()).containsAll(third.sharedFiles()), "new SST files");
      assertEquals(0, localSegments(b), "the log it covers is deleted");
      writeValues(b, 5, 4);
      IncrementalKeyedStateHandle fourth = checkpoint(b, 4, true);
      assertEquals(third.sharedSstFiles(), fourth.sharedSstFiles());
      assertEquals(1, fourth.changelogFiles().size());

      KeyedStateBackend<String> r = restored(new KeyGroupRange(0, MAX_P - 1), List.of(fourth));
      ValueState<Long> v = r.getValueState(valueDesc());
      for (int i = 0; i < 2000; i++) {
        r.setCurrentKey("key-" + i);
        assertEquals(i * 1000L + (i < 5 ? 4 : 3), v.value(), "key-" + i);
      }
    } finally {
      b.close();
    }
  }

  @Test
  void aSegmentWhoseCheckpointNeverCompletedIsUploadedAgain() throws Exception {
    RocksDbKeyedStateBackend<String> b = changelogBackend(NEVER);
    try {
      writeValues(b, 500, 1);
      checkpoint(b, 1, true);
      writeValues(b, 20, 2);
      IncrementalKeyedStateHandle aborted = checkpoint(b, 2, false);
      // The clean-up of an aborted checkpoint may delete what it uploaded.
      Files.delete(Path.of(java.net.URI.create(aborted.changelogFiles().get(0).path())));
      writeValues(b, 10, 3);
      IncrementalKeyedStateHandle next = checkpoint(b, 3, true);
      assertEquals(2, next.changelogFiles().size());
      assertFalse(next.sharedFiles().contains(aborted.changelogFiles().get(0).path()));
      assertHandleFilesExist(next);

      KeyedStateBackend<String> r = restored(new KeyGroupRange(0, MAX_P - 1), List.of(next));
      ValueState<Long> v = r.getValueState(valueDesc());
      for (int i = 0; i < 500; i++) {
        r.setCurrentKey("key-" + i);
        assertEquals(i * 1000L + (i < 10 ? 3 : i < 20 ? 2 : 1), v.value(), "key-" + i);
      }
    } finally {
      b.close();
    }
  }

  @Test
  void aRestoredBackendMaterializesFirstAndReReferencesTheDownloadedFiles() throws Exception {
    RocksDbKeyedStateBackend<String> b = changelogBackend(NEVER);
    IncrementalKeyedStateHandle second;
    try {
      writeValues(b, 1000, 1);
      checkpoint(b, 1, true);
      writeValues(b, 10, 2);
      second = checkpoint(b, 2, true);
    } finally {
      b.close();
    }
    KeyedStateBackend<String> r = restored(new KeyGroupRange(0, MAX_P - 1), List.of(second));
    writeValues(r, 5, 3);
    IncrementalKeyedStateHandle third = checkpoint(r, 3, true);
    assertTrue(third.changelogFiles().isEmpty(), "the replayed log is materialized");
    Set<String> previous = Set.copyOf(second.sharedFiles());
    assertTrue(third.sharedSstFiles().stream().filter(f -> f.localName().endsWith(".sst"))
        .anyMatch(f -> previous.contains(f.path())), "the downloaded SST files are referenced again");
    writeValues(r, 3, 4);
    assertEquals(1, checkpoint(r, 4, true).changelogFiles().size());
  }

  /** The changelog files on local disk (right after a checkpoint, with no writes since: closed segments only). */
  private static long localSegments(RocksDbKeyedStateBackend<?> b) throws Exception {
    try (Stream<Path> files = Files.list(b.workingDirectory().resolve("changelog"))) {
      return files.count();
    }
  }
}
