package io.weft.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.state.ListState;
import io.weft.api.state.ListStateDescriptor;
import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.core.config.Configuration;
import io.weft.core.types.TypeSerializer;
import io.weft.core.types.Types;
import io.weft.state.heap.HeapKeyedStateBackend;
import io.weft.state.keyed.KeyedStateBackend;
import io.weft.state.operator.OperatorStateBackend;
import io.weft.state.operator.OperatorStateHandle;
import io.weft.state.rocksdb.RocksDbKeyedStateBackend;
import io.weft.state.snapshot.CheckpointStorage;
import io.weft.state.snapshot.KeyedStateHandle;
import io.weft.state.snapshot.SnapshotKind;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateBackendFactoryTest {
  private static final org.apache.hadoop.conf.Configuration HADOOP = new org.apache.hadoop.conf.Configuration();
  private static final TypeSerializer<String> KEYS = Types.STRING.createSerializer();

  @TempDir
  Path tmp;

  private KeyedStateBackend<String> create(Configuration conf, List<KeyedStateHandle> restore) throws Exception {
    return StateBackendFactory.createKeyedBackend(conf, 0, 1, 128, KEYS, List.of(tmp.toFile()), 32L << 20, restore,
        HADOOP);
  }

  @Test
  void theDefaultIsTheHeap() throws Exception {
    try (KeyedStateBackend<String> b = create(new Configuration(), List.of())) {
      assertTrue(b instanceof HeapKeyedStateBackend);
    }
  }

  /** A fresh start reads no files, so it needs no Hadoop configuration; a restore does. */
  @Test
  void aHadoopConfigurationIsNeededOnlyToRestore() throws Exception {
    for (String kind : List.of("hashmap", "rocksdb")) {
      Configuration conf = new Configuration().setString("state.backend", kind);
      try (KeyedStateBackend<String> b = StateBackendFactory.createKeyedBackend(conf, 0, 1, 128, KEYS,
          List.of(tmp.toFile()), 32L << 20, List.of(), null)) {
        b.setCurrentKey("k");
        ValueState<Long> v = b.getValueState(new ValueStateDescriptor<>("v", Types.LONG));
        v.update(7L);
        assertEquals(7L, v.value());
      }
    }
    CheckpointStorage storage = new CheckpointStorage(FileSystem.getLocal(HADOOP),
        new org.apache.hadoop.fs.Path(tmp.resolve("chk").toUri()));
    KeyedStateHandle h;
    try (KeyedStateBackend<String> b = create(new Configuration(), List.of())) {
      b.setCurrentKey("k");
      b.getValueState(new ValueStateDescriptor<>("v", Types.LONG)).update(7L);
      h = b.snapshot(1, storage, SnapshotKind.CHECKPOINT).upload();
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StateBackendFactory
        .createKeyedBackend(new Configuration(), 0, 1, 128, KEYS, List.of(tmp.toFile()), 32L << 20, List.of(h), null));
    assertTrue(e.getMessage().contains("Hadoop configuration"), e.getMessage());
  }

  @Test
  void rocksDbIsConfiguredAndRestoredThroughTheFactory() throws Exception {
    Configuration conf = new Configuration().setString("state.backend", "RocksDB")
        .set(StateOptions.INCREMENTAL, true);
    CheckpointStorage storage = new CheckpointStorage(FileSystem.getLocal(HADOOP),
        new org.apache.hadoop.fs.Path(tmp.resolve("chk").toUri()));
    KeyedStateHandle h;
    try (KeyedStateBackend<String> b = create(conf, List.of())) {
      assertTrue(b instanceof RocksDbKeyedStateBackend);
      assertTrue(Files.list(tmp).anyMatch(p -> p.getFileName().toString().startsWith("weft-rocksdb-")));
      ValueState<Long> v = b.getValueState(new ValueStateDescriptor<>("v", Long.class));
      b.setCurrentKey("k");
      v.update(42L);
      h = b.snapshot(1, storage, SnapshotKind.CHECKPOINT).upload();
    }
    assertFalse(Files.list(tmp).anyMatch(p -> p.getFileName().toString().startsWith("weft-rocksdb-")));
    try (KeyedStateBackend<String> b = create(conf, List.of(h))) {
      b.setCurrentKey("k");
      assertEquals(42L, b.getValueState(new ValueStateDescriptor<>("v", Long.class)).value());
    }
  }

  @Test
  void theLocalDirOptionSpreadsSubtasks() {
    Configuration conf = new Configuration().set(StateOptions.ROCKSDB_LOCAL_DIR, "/a, /b");
    assertEquals(new File("/a"), StateBackendFactory.localDir(conf, 0, List.of(new File("/c"))));
    assertEquals(new File("/b"), StateBackendFactory.localDir(conf, 3, List.of()));
    assertEquals(new File("/c"), StateBackendFactory.localDir(new Configuration(), 5, List.of(new File("/c"))));
  }

  @Test
  void anUnknownBackendIsRejectedNamingTheKey() {
    Configuration conf = new Configuration().setString("state.backend", "memory");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> create(conf, List.of()));
    assertTrue(e.getMessage().contains("state.backend") && e.getMessage().contains("memory"), e.getMessage());
  }

  @Test
  void operatorStateIsRestoredOnlyWhenHandlesAreGiven() throws Exception {
    CheckpointStorage storage = new CheckpointStorage(FileSystem.getLocal(HADOOP),
        new org.apache.hadoop.fs.Path(tmp.toUri()));
    OperatorStateHandle h;
    try (OperatorStateBackend b = StateBackendFactory.createOperatorBackend(null, HADOOP)) {
      assertFalse(b.isRestored());
      b.getListState(new ListStateDescriptor<>("l", Long.class)).add(3L);
      h = b.snapshot(1, storage).upload();
    }
    try (OperatorStateBackend b = StateBackendFactory.createOperatorBackend(List.of(h), HADOOP)) {
      assertTrue(b.isRestored());
      ListState<Long> l = b.getListState(new ListStateDescriptor<>("l", Long.class));
      List<Long> values = new ArrayList<>();
      l.get().forEach(values::add);
      assertEquals(List.of(3L), values);
    }
  }
}
