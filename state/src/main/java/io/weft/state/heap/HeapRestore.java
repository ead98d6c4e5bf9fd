package io.weft.state.heap;

import io.weft.state.keyed.KeyedSnapshotHeader;
import io.weft.state.keyed.StateMeta;
import io.weft.core.types.BoundedIo;
import io.weft.state.snapshot.KeyGroupRange;
import io.weft.state.snapshot.KeyGroupStreamReader;
import io.weft.state.snapshot.KeyGroupsStateHandle;
import io.weft.state.snapshot.KeyedStateHandle;
import io.weft.state.snapshot.SnapshotFiles;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the key groups of a range out of heap snapshot files, keeping the entries serialized. */
final class HeapRestore {
  private static final Logger LOG = LoggerFactory.getLogger(HeapRestore.class);

  private HeapRestore() {}

  static Map<String, RestoredState> read(Collection<KeyedStateHandle> handles, KeyGroupRange range,
      Configuration hadoopConf) throws IOException {
    Map<String, RestoredState> restored = new LinkedHashMap<>();
    for (KeyedStateHandle h : handles) {
      KeyGroupRange overlap = h.keyGroupRange().intersect(range);
      if (overlap.isEmpty()) {
        continue;
      }
      if (!(h instanceof KeyGroupsStateHandle kh)) {
        throw new IllegalArgumentException("the heap backend cannot restore " + h + ": it is an incremental"
            + " RocksDB checkpoint; restore it with state.backend: rocksdb");
      }
      LOG.info("restoring {} of {} from {}", overlap, range, kh.path());
      long started = System.nanoTime();
      long[] bytesRead = {0};
      try (KeyGroupStreamReader reader = new KeyGroupStreamReader(SnapshotFiles.open(kh.path(), hadoopConf),
          kh.path())) {
        KeyedSnapshotHeader header = reader.readHeader(KeyedSnapshotHeader::read);
        if (header.format() != KeyedSnapshotHeader.FORMAT_HEAP) {
          throw new IllegalArgumentException("the heap backend cannot restore " + kh.path() + ": it was written by the "
              + KeyedSnapshotHeader.formatName(header.format()) + " backend");
        }
        RestoredState[] byIndex = new RestoredState[header.states().size()];
        for (int i = 0; i < byIndex.length; i++) {
          StateMeta m = header.states().get(i);
          RestoredState r = restored.computeIfAbsent(m.name(), n -> new RestoredState(m));
          if (!r.meta().equals(m)) {
            throw new IllegalStateException("state '" + m.name() + "' differs between snapshot files: "
                + r.meta() + " and " + m + " in " + kh.path());
          }
          byIndex[i] = r;
        }
        for (int kg = overlap.first(); kg <= overlap.last(); kg++) {
          long offset = kh.offset(kg);
          if (offset >= 0) {
            int keyGroup = kg;
            String source = kh.path() + "@" + offset;
            reader.readKeyGroup(kg, offset, in -> readKeyGroup(in, keyGroup, byIndex, kh.size(), source, bytesRead));
          }
        }
      }
      // With the line above, how long a restore reads (a rescale's pause holds it).
      LOG.info("restored {} of {}: {} bytes of state in {} ms from {}", overlap, range, bytesRead[0],
          (System.nanoTime() - started) / 1_000_000, kh.path());
    }
    return restored;
  }

  private static Void readKeyGroup(DataInputStream in, int keyGroup, RestoredState[] byIndex, long fileSize,
      String source, long[] bytesRead) throws IOException {
    int n = BoundedIo.readCount(in, byIndex.length, "the number of states in a key group");
    for (int i = 0; i < n; i++) {
      int index = BoundedIo.readCount(in, byIndex.length - 1, "a state index");
      int count = BoundedIo.readCount(in, Integer.MAX_VALUE, "an entry count");
      int length = BoundedIo.readCount(in, (int) Math.min(fileSize, Integer.MAX_VALUE - 8), "a state's bytes");
      byte[] bytes = new byte[length];
      in.readFully(bytes);
      bytesRead[0] += length;
      byIndex[index].add(keyGroup, new RestoredState.Blob(count, bytes, source));
    }
    return null;
  }
}
