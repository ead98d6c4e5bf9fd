package io.weft.state.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.state.ListState;
import io.weft.api.state.ListStateDescriptor;
import io.weft.state.snapshot.AsyncSnapshot;
import io.weft.state.snapshot.CheckpointStorage;
import io.weft.state.snapshot.CorruptStateException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorStateBackendTest {
  private static final Configuration HADOOP = new Configuration();
  private static final ListStateDescriptor<Long> OFFSETS = new ListStateDescriptor<>("offsets", Long.class);
  private static final ListStateDescriptor<String> TOPICS = new ListStateDescriptor<>("topics", String.class);

  @TempDir
  Path tmp;
  private CheckpointStorage storage;

  @BeforeEach
  void setUp() throws Exception {
    storage = new CheckpointStorage(FileSystem.getLocal(HADOOP), new org.apache.hadoop.fs.Path(tmp.toUri()));
  }

  private static <T> List<T> list(Iterable<T> it) {
    List<T> l = new ArrayList<>();
    it.forEach(l::add);
    return l;
  }

  private static OperatorStateHandle viaCodec(OperatorStateHandle h) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    h.writeTo(new DataOutputStream(bytes));
    OperatorStateHandle read = OperatorStateHandle.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertEquals(h, read);
    return read;
  }

  /** Subtask s of {@code p} holds offsets s*100 .. s*100+count-1 and a union topic "t<s>". */
  private List<OperatorStateHandle> snapshotSubtasks(int p, int count) throws Exception {
    List<OperatorStateHandle> handles = new ArrayList<>();
    for (int s = 0; s < p; s++) {
      try (OperatorStateBackend b = new OperatorStateBackend()) {
        ListState<Long> offsets = b.getListState(OFFSETS);
        for (int i = 0; i < count; i++) {
          offsets.add(s * 100L + i);
        }
        b.getUnionListState(TOPICS).add("t" + s);
        handles.add(viaCodec(b.snapshot(1, storage).upload()));
      }
    }
    return handles;
  }

  private List<List<Long>> restoreAll(List<List<OperatorStateHandle>> assigned, List<List<String>> topics)
      throws Exception {
    List<List<Long>> result = new ArrayList<>();
    for (List<OperatorStateHandle> handles : assigned) {
      try (OperatorStateBackend b = new OperatorStateBackend()) {
        b.restore(handles, HADOOP);
        assertTrue(b.isRestored());
        result.add(list(b.getListState(OFFSETS).get()));
        topics.add(list(b.getUnionListState(TOPICS).get()));
      }
    }
    return result;
  }

  @Test
  void evenSplitFromTwoToThree() throws Exception {
    List<OperatorStateHandle> old = snapshotSubtasks(2, 4); // 0..3 and 100..103
    List<List<String>> topics = new ArrayList<>();
    List<List<Long>> restored = restoreAll(OperatorStateRedistributor.redistribute(old, 3), topics);
    assertEquals(List.of(List.of(0L, 1L, 2L), List.of(3L, 100L, 101L), List.of(102L, 103L)), restored);
    for (List<String> t : topics) {
      assertEquals(List.of("t0", "t1"), t, "union state: every subtask gets every element");
    }
  }

  @Test
  void evenSplitFromThreeToTwo() throws Exception {
    List<OperatorStateHandle> old = snapshotSubtasks(3, 3);
    List<List<String>> topics = new ArrayList<>();
    List<List<Long>> restored = restoreAll(OperatorStateRedistributor.redistribute(old, 2), topics);
    assertEquals(List.of(List.of(0L, 1L, 2L, 100L, 101L), List.of(102L, 200L, 201L, 202L)), restored);
    assertEquals(List.of(List.of("t0", "t1", "t2"), List.of("t0", "t1", "t2")), topics);
  }

  @Test
  void theSameParallelismKeepsEachSubtasksElements() throws Exception {
    List<OperatorStateHandle> old = snapshotSubtasks(3, 2);
    List<List<String>> topics = new ArrayList<>();
    List<List<Long>> restored = restoreAll(OperatorStateRedistributor.redistribute(old, 3), topics);
    assertEquals(List.of(List.of(0L, 1L), List.of(100L, 101L), List.of(200L, 201L)), restored);
  }

  @Test
  void moreSubtasksThanElements() throws Exception {
    List<OperatorStateHandle> old = snapshotSubtasks(1, 2);
    List<List<String>> topics = new ArrayList<>();
    List<List<Long>> restored = restoreAll(OperatorStateRedistributor.redistribute(old, 4), topics);
    assertEquals(List.of(List.of(0L), List.of(1L), List.of(), List.of()), restored);
    assertEquals(List.of("t0"), topics.get(3));
  }

  @Test
  void theUploadHasTheStateOfTheSynchronousPart() throws Exception {
    try (OperatorStateBackend b = new OperatorStateBackend()) {
      ListState<Long> offsets = b.getListState(OFFSETS);
      offsets.add(1L);
      AsyncSnapshot<OperatorStateHandle> s = b.snapshot(1, storage);
      offsets.update(List.of(7L, 8L));
      OperatorStateHandle h = s.upload();
      try (OperatorStateBackend r = new OperatorStateBackend()) {
        r.restore(List.of(h), HADOOP);
        assertEquals(List.of(1L), list(r.getListState(OFFSETS).get()));
      }
    }
  }

  @Test
  void unregisteredStateSurvivesAndModesAreChecked() throws Exception {
    List<OperatorStateHandle> old = snapshotSubtasks(1, 3);
    OperatorStateHandle second;
    try (OperatorStateBackend b = new OperatorStateBackend()) {
      b.restore(old, HADOOP);
      b.getUnionListState(TOPICS);
      second = b.snapshot(2, storage).upload();
    }
    try (OperatorStateBackend b = new OperatorStateBackend()) {
      b.restore(List.of(second), HADOOP);
      assertEquals(List.of(0L, 1L, 2L), list(b.getListState(OFFSETS).get()));
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.getListState(TOPICS));
      assertTrue(e.getMessage().contains("'topics'"), e.getMessage());
    }
  }

  @Test
  void nothingToSnapshotAndAFreshStart() throws Exception {
    try (OperatorStateBackend b = new OperatorStateBackend()) {
      assertFalse(b.isRestored());
      assertNull(b.snapshot(1, storage).upload());
    }
  }

  @Test
  void aDamagedElementNamesFileAndOffset() throws Exception {
    OperatorStateHandle h = snapshotSubtasks(1, 3).get(0);
    Path file = Path.of(java.net.URI.create(h.path()));
    byte[] bytes = Files.readAllBytes(file);
    long second = h.states().get("offsets").offsets()[1];
    bytes[(int) second + 3] ^= 1;
    Files.write(file, bytes);
    Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
    try (OperatorStateBackend b = new OperatorStateBackend()) {
      CorruptStateException e = assertThrows(CorruptStateException.class, () -> b.restore(List.of(h), HADOOP));
      assertEquals(second, e.offset());
      assertTrue(e.getMessage().contains(h.path()), e.getMessage());
    }
  }
}
