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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.apache.hadoop.conf.Configuration;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.IngestExternalFileOptions;
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
    try (Sorting sorting = startSorting(h, range)) {
      download(h, backend.dbDir());
      backend.open(backend.dbDir(), columnFamilies(backend.dbDir()), metas);
      ingestChangelog(h, metas, sorting);
    }
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
    try (Sorting sorting = startSorting(h, overlap)) {
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
          ingestChangelog(h, metas, sorting);
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

  /**
   * Starts sorting the handle's changelog segments (the rows of {@code keyGroups}) into SST files
   * on a thread of its own, to overlap the download; null if the handle has no changelog.
   */
  private Sorting startSorting(IncrementalKeyedStateHandle h, KeyGroupRange keyGroups) {
    if (h.changelogFiles().isEmpty()) {
      return null;
    }
    Path dir = backend.workDir().resolve("changelog-sort-" + UUID.randomUUID());
    RocksDbChangelogSorter sorter = new RocksDbChangelogSorter(dir, keyGroups, hadoopConf);
    FutureTask<List<RocksDbChangelogSorter.Chunk>> task = new FutureTask<>(() -> {
      long start = System.nanoTime();
      List<RocksDbChangelogSorter.Chunk> chunks = sorter.sort(h.changelogFiles());
      LOG.info("sorted {} changelog segments of checkpoint {} for {} into {} chunks in {} ms",
          h.changelogFiles().size(), h.checkpointId(), keyGroups, chunks.size(), (System.nanoTime() - start) / 1_000_000);
      return chunks;
    });
    Thread thread = new Thread(task, "changelog-sort-" + h.checkpointId() + "-" + keyGroups);
    thread.setDaemon(true);
    thread.start();
    return new Sorting(task, thread, dir);
  }

  /** A changelog being sorted; closing it waits for the sorting thread and deletes its files. */
  private record Sorting(FutureTask<List<RocksDbChangelogSorter.Chunk>> task, Thread thread, Path dir)
      implements AutoCloseable {
    List<RocksDbChangelogSorter.Chunk> chunks() throws Exception {
      try {
        return task.get();
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception cause ? cause : e;
      }
    }

    @Override
    public void close() throws InterruptedException {
      thread.join();
      RocksDbKeyedStateBackend.deleteRecursively(dir);
    }
  }

  /**
   * Applies the sorted changelog, chunk by chunk in the log's order, by ingesting its SST files
   * (each gets a sequence number above everything before it, so later changes win and deletes
   * delete). Compactions pause meanwhile: every file overlaps the whole key range, so each
   * ingestion would otherwise start a compaction of most of the database; it compacts once,
   * in the background, afterwards.
   */
  private void ingestChangelog(IncrementalKeyedStateHandle h, Map<String, StateMeta> metas, Sorting sorting)
      throws Exception {
    if (sorting == null) {
      return;
    }
    List<RocksDbChangelogSorter.Chunk> chunks = sorting.chunks();
    long start = System.nanoTime();
    RocksDB db = backend.database();
    Map<String, RocksDbKeyedStateBackend.Column> targets = new HashMap<>();
    List<ColumnFamilyHandle> paused = new ArrayList<>();
    int files = 0;
    try (IngestExternalFileOptions options = new IngestExternalFileOptions().setMoveFiles(true)) {
      for (RocksDbKeyedStateBackend.Column c : backend.columns().values()) {
        pauseCompactions(db, c.handle, paused);
      }
      for (RocksDbChangelogSorter.Chunk chunk : chunks) {
        for (Map.Entry<String, Path> file : chunk.files().entrySet()) {
          RocksDbKeyedStateBackend.Column c = targets.get(file.getKey());
          if (c == null) {
            StateMeta meta = metas.get(file.getKey());
            if (meta == null) {
              throw new IOException("the changelog of checkpoint " + h.checkpointId() + " changes state '"
                  + file.getKey() + "', which it has no metadata for");
            }
            c = backend.restoredColumn(meta);
            targets.put(file.getKey(), c);
            if (!paused.contains(c.handle)) {
              pauseCompactions(db, c.handle, paused);
            }
          }
          db.ingestExternalFile(c.handle, List.of(file.getValue().toString()), options);
          files++;
        }
      }
    } finally {
      for (ColumnFamilyHandle handle : paused) {
        setAutoCompactions(db, handle, true);
      }
    }
    LOG.info("ingested {} changelog SST files of checkpoint {} in {} ms", files, h.checkpointId(),
        (System.nanoTime() - start) / 1_000_000);
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
