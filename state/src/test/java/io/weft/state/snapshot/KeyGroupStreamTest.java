package io.weft.state.snapshot;

import io.weft.core.types.BoundedIo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyGroupStreamTest {
  private static final Configuration HADOOP = new Configuration();

  @TempDir
  Path tmp;

  private CheckpointStorage storage() throws IOException {
    return new CheckpointStorage(FileSystem.getLocal(HADOOP), new org.apache.hadoop.fs.Path(tmp.toUri()));
  }

  /** Writes key groups 3..9 of range 2..10, each holding its number as text, repeated. */
  private KeyGroupsStateHandle write(CheckpointStorage storage) throws IOException {
    KeyGroupRange range = new KeyGroupRange(2, 10);
    try (CheckpointOutput out = storage.createExclusive(7, "test")) {
      KeyGroupStreamWriter w = new KeyGroupStreamWriter(out.stream(), range);
      w.writeHeader(o -> o.writeUTF("header"));
      for (int kg = 3; kg <= 9; kg += 2) {
        int k = kg;
        w.writeKeyGroup(kg, o -> {
          for (int i = 0; i < 1000; i++) {
            o.writeUTF("kg" + k);
          }
        });
      }
      long[] offsets = w.finish();
      CheckpointOutput.Written f = out.closeAndGet();
      assertTrue(f.path().contains("/chk-7/test-"), f.path());
      return new KeyGroupsStateHandle(range, f.path(), f.size(), offsets);
    }
  }

  private static String readKeyGroup(KeyGroupStreamReader r, KeyGroupsStateHandle h, int kg) throws IOException {
    return r.readKeyGroup(kg, h.offset(kg), in -> {
      String first = in.readUTF();
      for (int i = 1; i < 1000; i++) {
        assertEquals(first, in.readUTF());
      }
      return first;
    });
  }

  @Test
  void readsAnyKeyGroupByItsOffset() throws IOException {
    KeyGroupsStateHandle h = write(storage());
    assertEquals(-1, h.offset(2));
    assertEquals(-1, h.offset(4));
    assertEquals(-1, h.offset(10));
    try (KeyGroupStreamReader r = new KeyGroupStreamReader(SnapshotFiles.open(h.path(), HADOOP), h.path())) {
      assertEquals("kg9", readKeyGroup(r, h, 9));
      assertEquals("header", r.readHeader(in -> in.readUTF()));
      assertEquals("kg3", readKeyGroup(r, h, 3));
      assertEquals("kg7", readKeyGroup(r, h, 7));
      CorruptStateException wrongBlock = assertThrows(CorruptStateException.class,
          () -> r.readKeyGroup(5, h.offset(7), in -> null));
      assertTrue(wrongBlock.getMessage().contains("key group 5"), wrongBlock.getMessage());
    }
  }

  @Test
  void readsKeyGroupsInOrderOnFromItsBufferAndStillSeeksAnywhereAfter() throws IOException {
    KeyGroupsStateHandle h = write(storage());
    try (KeyGroupStreamReader r = new KeyGroupStreamReader(SnapshotFiles.open(h.path(), HADOOP), h.path())) {
      // A restore's order: the header, then its key groups ascending, each block right after the last.
      assertEquals("header", r.readHeader(in -> in.readUTF()));
      for (int kg = 3; kg <= 9; kg += 2) {
        assertEquals("kg" + kg, readKeyGroup(r, h, kg));
      }
      assertEquals("kg3", readKeyGroup(r, h, 3), "back to the start");
      assertThrows(CorruptStateException.class, () -> r.readKeyGroup(5, h.offset(7), in -> null));
      assertEquals("kg5", readKeyGroup(r, h, 5), "after a failed block, read where asked");
      assertEquals("kg7", readKeyGroup(r, h, 7));
      assertThrows(CorruptStateException.class, () -> r.readKeyGroup(9, h.offset(9), in -> in.readUTF()),
          "a reader that stops short of the block's end fails its checksum");
      assertEquals("kg9", readKeyGroup(r, h, 9), "and the block is read whole when asked again");
    }
  }

  @Test
  void aFlippedByteIsCaughtByTheChecksum() throws IOException {
    KeyGroupsStateHandle h = write(storage());
    Path file = Path.of(java.net.URI.create(h.path()));
    byte[] bytes = Files.readAllBytes(file);
    int at = (int) h.offset(5) + 4 + 5 * 19 + 2; // the first letter of an entry's text
    bytes[at] = (byte) (bytes[at] == 'x' ? 'y' : 'x'); // still valid text: only the CRC can tell
    Files.write(file, bytes);
    Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
    try (KeyGroupStreamReader r = new KeyGroupStreamReader(SnapshotFiles.open(h.path(), HADOOP), h.path())) {
      assertEquals("kg3", readKeyGroup(r, h, 3));
      CorruptStateException e = assertThrows(CorruptStateException.class, () -> r.readKeyGroup(5, h.offset(5),
          in -> {
            for (int i = 0; i < 1000; i++) {
              in.readUTF();
            }
            return null;
          }));
      assertTrue(e.getMessage().contains(h.path()) && e.getMessage().contains("checksum"), e.getMessage());
      assertEquals(h.offset(7) - 4, e.offset(), "the offset of the stored checksum, just before the next block");
    }
  }

  @Test
  void aTruncatedFileNamesWhereItEnds() throws IOException {
    KeyGroupsStateHandle h = write(storage());
    Path file = Path.of(java.net.URI.create(h.path()));
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, (int) h.offset(9) + 50));
    Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
    try (KeyGroupStreamReader r = new KeyGroupStreamReader(SnapshotFiles.open(h.path(), HADOOP), h.path())) {
      CorruptStateException e = assertThrows(CorruptStateException.class, () -> readKeyGroup(r, h, 9));
      assertTrue(e.getMessage().contains("truncated"), e.getMessage());
      assertEquals(h.offset(9) + 50, e.offset());
    }
  }

  @Test
  void notAKeyGroupedFile() throws IOException {
    Path file = tmp.resolve("junk");
    Files.writeString(file, "hello world");
    CorruptStateException e = assertThrows(CorruptStateException.class,
        () -> new KeyGroupStreamReader(SnapshotFiles.open(file.toUri().toString(), HADOOP), "junk"));
    assertEquals(0, e.offset());
  }

  @Test
  void theWriterKeepsKeyGroupsInOrderAndInRange() throws IOException {
    KeyGroupStreamWriter w = new KeyGroupStreamWriter(new ByteArrayOutputStream(), new KeyGroupRange(0, 3));
    assertThrows(IllegalStateException.class, () -> w.writeKeyGroup(0, o -> {}));
    w.writeHeader(o -> {});
    w.writeKeyGroup(1, o -> {});
    assertThrows(IllegalArgumentException.class, () -> w.writeKeyGroup(1, o -> {}));
    assertThrows(IllegalArgumentException.class, () -> w.writeKeyGroup(4, o -> {}));
  }

  @Test
  void handlesRoundTripAndRejectMalformedInput() throws IOException {
    KeyGroupsStateHandle full = new KeyGroupsStateHandle(new KeyGroupRange(4, 6), "hdfs://nn/x/chk-1/f", 100,
        new long[] {6, -1, 50});
    IncrementalKeyedStateHandle inc = new IncrementalKeyedStateHandle(new KeyGroupRange(0, 63), 3, "backend-1",
        List.of(new IncrementalKeyedStateHandle.NamedFile("000009.sst", "hdfs://nn/x/shared/a", 1000)),
        List.of(new IncrementalKeyedStateHandle.NamedFile("CURRENT", "hdfs://nn/x/chk-3/b", 16)));
    for (KeyedStateHandle h : List.of(full, inc)) {
      byte[] bytes = encode(h);
      assertEquals(h, KeyedStateHandle.read(new DataInputStream(new ByteArrayInputStream(bytes))));
      // Every truncation fails cleanly.
      for (int n = 0; n < bytes.length; n++) {
        byte[] cut = java.util.Arrays.copyOf(bytes, n);
        assertThrows(IOException.class, () -> KeyedStateHandle.read(new DataInputStream(new ByteArrayInputStream(cut))));
      }
    }
    assertEquals(List.of("hdfs://nn/x/shared/a"), inc.sharedFiles());
    assertEquals(List.of("hdfs://nn/x/chk-3/b"), inc.privateFiles());
    assertEquals(1016, inc.stateSize());

    // A file count far beyond the bound is rejected before anything is allocated.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeByte(KeyedStateHandle.TYPE_INCREMENTAL);
    new KeyGroupRange(0, 1).writeTo(out);
    out.writeLong(1);
    BoundedIo.writeString(out, "b");
    io.weft.core.types.VarInts.writeVarInt(out, Integer.MAX_VALUE);
    IOException e = assertThrows(IOException.class,
        () -> KeyedStateHandle.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
    assertTrue(e.getMessage().contains("number of files"), e.getMessage());

    // An offset outside the file is rejected.
    byte[] bad = encode(new KeyGroupsStateHandle(new KeyGroupRange(0, 0), "f", 10, new long[] {10}));
    assertThrows(IOException.class, () -> KeyedStateHandle.read(new DataInputStream(new ByteArrayInputStream(bad))));
  }

  private static byte[] encode(KeyedStateHandle h) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    h.writeTo(new DataOutputStream(bytes));
    return bytes.toByteArray();
  }

  @Test
  void keyGroupRanges() {
    assertEquals(new KeyGroupRange(0, 42), KeyGroupRange.forSubtask(0, 3, 128));
    assertEquals(new KeyGroupRange(43, 85), KeyGroupRange.forSubtask(1, 3, 128));
    assertEquals(new KeyGroupRange(86, 127), KeyGroupRange.forSubtask(2, 3, 128));
    assertEquals(new KeyGroupRange(43, 63), KeyGroupRange.forSubtask(1, 3, 128).intersect(new KeyGroupRange(0, 63)));
    assertTrue(new KeyGroupRange(0, 10).intersect(new KeyGroupRange(11, 20)).isEmpty());
  }
}
