package io.weft.state.rocksdb;

import io.weft.state.keyed.KeyedSnapshotHeader;
import io.weft.state.keyed.StateMeta;
import io.weft.core.types.BoundedIo;
import io.weft.state.snapshot.IncrementalKeyedStateHandle;
import io.weft.state.snapshot.IncrementalKeyedStateHandle.NamedFile;
import io.weft.state.snapshot.KeyGroupRange;
import io.weft.state.snapshot.KeyGroupStreamReader;
import io.weft.state.snapshot.KeyGroupsStateHandle;
import io.weft.state.snapshot.KeyedStateHandle;
import io.weft.state.snapshot.SnapshotFiles;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.MutableColumnFamilyOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.StringAppendOperator;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a RocksDB backend from the handles that overlap its key groups.
 *
 * <ul>
 *   <li>One incremental handle whose range contains ours: download its files and open them as the
 *       database; delete the key groups outside our range. If the ranges are equal, the next
 *       incremental checkpoint re-references the downloaded SSTs.
 *   <li>Otherwise (rescaling, several handles, full snapshots): open an empty database and copy
 *       the rows of our key groups, from each incremental handle through a temporary database,
 *       from each full snapshot through its key group offsets.
 * </ul>
 * An incremental handle with changelog segments then has them replayed, in order, for our key
 * groups.
 */
final class RocksDbRestore {
  private static final Logger LOG = LoggerFactory.getLogger(RocksDbRestore.class);

  private final RocksDbKeyedStateBackend<?> backend;
  private final Configuration hadoopConf;
  private final KeyGroupRange range;

  RocksDbRestore(RocksDbKeyedStateBackend<?> backend, Configuration hadoopConf) {
    this.backend = backend;
    this.hadoopConf = hadoopConf;
    this.range = backend.range();
  }

  void restore(Collection<KeyedStateHandle> handles) throws Exception {
    List<KeyedStateHandle> overlapping = new ArrayList<>();
    for (KeyedStateHandle h : handles) {
      if (!h.keyGroupRange().intersect(range).isEmpty()) {
        overlapping.add(h);
      }
    }
    if (overlapping.isEmpty()) {
      return;
    }
    if (overlapping.size() == 1 && overlapping.get(0) instanceof IncrementalKeyedStateHandle inc
        && inc.keyGroupRange().intersect(range).equals(range)) {
      openDownloaded(inc);
      return;
    }
    backend.database(); // an empty one
    for (KeyedStateHandle h : overlapping) {
      KeyGroupRange overlap = h.keyGroupRange().intersect(range);
      LOG.info("restoring {} of {} from {}", overlap, range, h);
      if (h instanceof IncrementalKeyedStateHandle inc) {
        copyFromIncremental(inc, overlap);
      } else {
        copyFromFull((KeyGroupsStateHandle) h, overlap);
      }
    }
  }

  private Map<String, StateMeta> readMeta(IncrementalKeyedStateHandle h) throws IOException {
    NamedFile meta = h.privateFileList().stream()
        .filter(f -> f.localName().equals(RocksDbKeyedStateBackend.META_FILE)).findFirst()
        .orElseThrow(() -> new IOException("incremental handle " + h + " has no metadata file"));
    try (KeyGroupStreamReader r = new KeyGroupStreamReader(SnapshotFiles.open(meta.path(), hadoopConf),
        meta.path())) {
      KeyedSnapshotHeader header = r.readHeader(KeyedSnapshotHeader::read);
      Map<String, StateMeta> metas = new LinkedHashMap<>();
      for (StateMeta m : header.states()) {
        metas.put(m.name(), m);
      }
      return metas;
    }
  }

  /** Downloads the files of a handle into {@code dir}, except the metadata file. */
  private void download(IncrementalKeyedStateHandle h, Path dir) throws IOException {
    Files.createDirectories(dir);
    List<NamedFile> all = new ArrayList<>(h.sharedSstFiles());
    all.addAll(h.privateFileList());
    for (NamedFile f : all) {
      if (!f.localName().equals(RocksDbKeyedStateBackend.META_FILE)) {
        SnapshotFiles.download(f.path(), dir.resolve(f.localName()), hadoopConf);
      }
    }
  }

  private static List<String> columnFamilies(Path dir) throws RocksDBException {
    List<String> names = new ArrayList<>();
    try (Options options = new Options()) {
      for (byte[] name : RocksDB.listColumnFamilies(options, dir.toString())) {
        if (!java.util.Arrays.equals(name, RocksDB.DEFAULT_COLUMN_FAMILY)) {
          names.add(new String(name, StandardCharsets.UTF_8));
        }
      }
    }
    return names;
  }

  private void openDownloaded(IncrementalKeyedStateHandle h) throws Exception {
    LOG.info("restoring {} by opening checkpoint {} of backend {}", range, h.checkpointId(), h.backendId());
    Map<String, StateMeta> metas = readMeta(h);
    download(h, backend.dbDir());
    backend.open(backend.dbDir(), columnFamilies(backend.dbDir()), metas);
    replayChangelog(h, metas, range);
    if (h.keyGroupRange().equals(range)) {
      backend.restoredSsts(h.sharedSstFiles());
    } else {
      // Our range is part of the handle's: drop the other key groups.
      RocksDB db = backend.database();
      byte[] start = KeyBytes.keyGroupPrefix(range.first());
      byte[] end = KeyBytes.keyGroupPrefix(range.last() + 1);
      for (RocksDbKeyedStateBackend.Column c : backend.columns().values()) {
        db.deleteRange(c.handle, backend.writeOptions(), new byte[] {0, 0}, start);
        db.deleteRange(c.handle, backend.writeOptions(), end, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
      }
    }
  }

  private void copyFromIncremental(IncrementalKeyedStateHandle h, KeyGroupRange overlap) throws Exception {
    Map<String, StateMeta> metas = readMeta(h);
    Path tmp = backend.workDir().resolve("restore-" + UUID.randomUUID());
    try {
      download(h, tmp);
      List<String> names = columnFamilies(tmp);
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      List<ColumnFamilyOptions> options = new ArrayList<>();
      ColumnFamilyOptions defaultOptions = new ColumnFamilyOptions();
      options.add(defaultOptions);
      descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, defaultOptions));
      // The merge operator is needed to read list rows whose merges were never compacted.
      StringAppendOperator append = new StringAppendOperator("");
      for (String n : names) {
        ColumnFamilyOptions o = new ColumnFamilyOptions().setMergeOperator(append);
        options.add(o);
        descriptors.add(new ColumnFamilyDescriptor(n.getBytes(StandardCharsets.UTF_8), o));
      }
      List<ColumnFamilyHandle> opened = new ArrayList<>();
      try (append; DBOptions dbOptions = new DBOptions();
          RocksDB source = RocksDB.openReadOnly(dbOptions, tmp.toString(), descriptors, opened)) {
        try {
          byte[] start = KeyBytes.keyGroupPrefix(overlap.first());
          for (int i = 0; i < names.size(); i++) {
            StateMeta meta = metas.get(names.get(i));
            if (meta == null) {
              throw new IOException("checkpoint " + h.checkpointId() + " has a column family '" + names.get(i)
                  + "' without metadata");
            }
            RocksDbKeyedStateBackend.Column target = backend.restoredColumn(meta);
            copyRange(source, opened.get(i + 1), start, overlap.last(), target);
          }
          replayChangelog(h, metas, overlap);
        } finally {
          for (ColumnFamilyHandle handle : opened) {
            handle.close();
          }
        }
      } finally {
        for (ColumnFamilyOptions o : options) {
          o.close();
        }
      }
    } finally {
      RocksDbKeyedStateBackend.deleteRecursively(tmp);
    }
  }

  /** Applies the handle's changelog segments, oldest first, to the rows of {@code keyGroups}. */
  private void replayChangelog(IncrementalKeyedStateHandle h, Map<String, StateMeta> metas, KeyGroupRange keyGroups)
      throws Exception {
    if (h.changelogFiles().isEmpty()) {
      return;
    }
    RocksDB db = backend.database();
    Map<String, RocksDbKeyedStateBackend.Column> targets = new HashMap<>();
    WriteBatch[] batch = {new WriteBatch()};
    long start = System.nanoTime();
    // The log's changes are spread over the whole key space, so every memtable flush during the
    // replay overlaps every file of the next level: with compactions running, the replay shares
    // the cores with rewriting most of the database, over and over. Compact once afterwards, in
    // the background, instead.
    List<ColumnFamilyHandle> paused = new ArrayList<>();
    for (RocksDbKeyedStateBackend.Column c : backend.columns().values()) {
      pauseCompactions(db, c.handle, paused);
    }
    try {
      for (NamedFile f : h.changelogFiles()) {
        try (DataInputStream in = new DataInputStream(
            new BufferedInputStream(SnapshotFiles.open(f.path(), hadoopConf), 1 << 16))) {
          RocksDbChangelog.replay(in, f.path(), keyGroups, (op, column, key, value) -> {
            RocksDbKeyedStateBackend.Column c = targets.get(column);
            if (c == null) {
              StateMeta meta = metas.get(column);
              if (meta == null) {
                throw new IOException("changelog " + f.path() + " changes state '" + column
                    + "', which checkpoint " + h.checkpointId() + " has no metadata for");
              }
              c = backend.restoredColumn(meta);
              targets.put(column, c);
              if (!paused.contains(c.handle)) {
                pauseCompactions(db, c.handle, paused);
              }
            }
            switch (op) {
              case RocksDbChangelog.PUT -> batch[0].put(c.handle, key, value);
              case RocksDbChangelog.MERGE -> batch[0].merge(c.handle, key, value);
              default -> batch[0].delete(c.handle, key);
            }
            batch[0] = RocksDbKeyedStateBackend.flushIfLarge(db, backend.writeOptions(), batch[0]);
          });
        }
      }
      db.write(backend.writeOptions(), batch[0]);
    } finally {
      batch[0].close();
      for (ColumnFamilyHandle handle : paused) {
        setAutoCompactions(db, handle, true);
      }
    }
    LOG.info("replayed {} changelog segments of checkpoint {} for {} in {} ms", h.changelogFiles().size(),
        h.checkpointId(), keyGroups, (System.nanoTime() - start) / 1_000_000);
  }

  private static void pauseCompactions(RocksDB db, ColumnFamilyHandle handle, List<ColumnFamilyHandle> paused)
      throws RocksDBException {
    setAutoCompactions(db, handle, false);
    paused.add(handle);
  }

  private static void setAutoCompactions(RocksDB db, ColumnFamilyHandle handle, boolean on) throws RocksDBException {
    db.setOptions(handle, MutableColumnFamilyOptions.builder().setDisableAutoCompactions(!on).build());
  }

  private void copyRange(RocksDB source, ColumnFamilyHandle from, byte[] start, int lastKeyGroup,
      RocksDbKeyedStateBackend.Column to) throws RocksDBException {
    RocksDB db = backend.database();
    WriteBatch batch = new WriteBatch();
    try (RocksIterator it = source.newIterator(from)) {
      for (it.seek(start); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (KeyBytes.keyGroupOf(key) > lastKeyGroup) {
          break;
        }
        batch.put(to.handle, key, it.value());
        batch = RocksDbKeyedStateBackend.flushIfLarge(db, backend.writeOptions(), batch);
      }
      db.write(backend.writeOptions(), batch);
    } finally {
      batch.close();
    }
  }

  private void copyFromFull(KeyGroupsStateHandle h, KeyGroupRange overlap) throws Exception {
    try (KeyGroupStreamReader reader = new KeyGroupStreamReader(SnapshotFiles.open(h.path(), hadoopConf), h.path())) {
      KeyedSnapshotHeader header = reader.readHeader(KeyedSnapshotHeader::read);
      if (header.format() != KeyedSnapshotHeader.FORMAT_ROCKSDB) {
        throw new IllegalArgumentException("the RocksDB backend cannot restore " + h.path() + ": it was written by the "
            + KeyedSnapshotHeader.formatName(header.format()) + " backend");
      }
      RocksDbKeyedStateBackend.Column[] columns = new RocksDbKeyedStateBackend.Column[header.states().size()];
      for (int i = 0; i < columns.length; i++) {
        columns[i] = backend.restoredColumn(header.states().get(i));
      }
      for (int kg = overlap.first(); kg <= overlap.last(); kg++) {
        long offset = h.offset(kg);
        if (offset >= 0) {
          byte[] prefix = KeyBytes.keyGroupPrefix(kg);
          reader.readKeyGroup(kg, offset, in -> {
            copyRows(in, columns, prefix, h.size());
            return null;
          });
        }
      }
    }
  }

  /** Writes the rows of one key group block into the database. */
  private void copyRows(DataInputStream in, RocksDbKeyedStateBackend.Column[] columns, byte[] prefix, long fileSize)
      throws IOException {
    int max = (int) Math.min(fileSize, Integer.MAX_VALUE - 8);
    RocksDB db = backend.database();
    WriteBatch batch = new WriteBatch();
    try {
      while (true) {
        int index = BoundedIo.readCount(in, columns.length, "a state index");
        if (index == 0) {
          break;
        }
        RocksDbKeyedStateBackend.Column c = columns[index - 1];
        while (true) {
          int keyLength = BoundedIo.readCount(in, max, "a row key");
          if (keyLength == 0) {
            break;
          }
          byte[] key = java.util.Arrays.copyOf(prefix, prefix.length + keyLength - 1);
          in.readFully(key, prefix.length, keyLength - 1);
          byte[] value = new byte[BoundedIo.readCount(in, max, "a row value")];
          in.readFully(value);
          batch.put(c.handle, key, value);
          batch = RocksDbKeyedStateBackend.flushIfLarge(db, backend.writeOptions(), batch);
        }
      }
      db.write(backend.writeOptions(), batch);
    } catch (RocksDBException e) {
      throw new IOException("RocksDB failed while restoring: " + e.getMessage(), e);
    } finally {
      batch.close();
    }
  }
}
