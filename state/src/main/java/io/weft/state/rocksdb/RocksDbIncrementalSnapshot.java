package io.weft.state.rocksdb;

import io.weft.state.keyed.KeyedSnapshotHeader;
import io.weft.state.snapshot.AsyncSnapshot;
import io.weft.state.snapshot.CheckpointOutput;
import io.weft.state.snapshot.CheckpointStorage;
import io.weft.state.snapshot.IncrementalKeyedStateHandle;
import io.weft.state.snapshot.IncrementalKeyedStateHandle.NamedFile;
import io.weft.state.snapshot.KeyGroupRange;
import io.weft.state.snapshot.KeyGroupStreamWriter;
import io.weft.state.snapshot.KeyedStateHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asynchronous part of an incremental RocksDB checkpoint: uploads the files of the native
 * checkpoint the synchronous part made. SST files are immutable; those the last completed
 * checkpoint already uploaded are referenced again, the others go into the shared directory.
 * The remaining files (MANIFEST, CURRENT, OPTIONS, ...) and our metadata file are private to this
 * checkpoint. The local checkpoint directory is deleted at the end either way.
 *
 * <p>A materialization (state changelog on) puts the MANIFEST, CURRENT and OPTIONS files into the
 * shared directory too, since the changelog checkpoints after it re-reference them.
 */
final class RocksDbIncrementalSnapshot implements AsyncSnapshot<KeyedStateHandle> {
  private static final Logger LOG = LoggerFactory.getLogger(RocksDbIncrementalSnapshot.class);

  private final RocksDbKeyedStateBackend<?> backend;
  private final CheckpointStorage storage;
  private final long checkpointId;
  private final KeyedSnapshotHeader header;
  private final Path localCheckpoint;
  private final Map<String, NamedFile> alreadyUploaded;
  private final boolean materialization;
  private final AtomicBoolean claimed = new AtomicBoolean();
  private volatile boolean discarded;

  RocksDbIncrementalSnapshot(RocksDbKeyedStateBackend<?> backend, CheckpointStorage storage, long checkpointId,
      KeyedSnapshotHeader header, Path localCheckpoint, Map<String, NamedFile> alreadyUploaded,
      boolean materialization) {
    this.backend = backend;
    this.storage = storage;
    this.checkpointId = checkpointId;
    this.header = header;
    this.localCheckpoint = localCheckpoint;
    this.alreadyUploaded = alreadyUploaded;
    this.materialization = materialization;
  }

  @Override
  public KeyedStateHandle upload() throws Exception {
    if (!claimed.compareAndSet(false, true)) {
      throw new CancellationException("snapshot " + checkpointId + " was discarded or already uploaded");
    }
    List<String> written = new ArrayList<>();
    boolean ok = false;
    try {
      List<Path> files;
      try (Stream<Path> s = Files.list(localCheckpoint)) {
        files = s.sorted().toList();
      }
      List<NamedFile> shared = new ArrayList<>();
      List<NamedFile> privateFiles = new ArrayList<>();
      Map<String, NamedFile> ssts = new HashMap<>();
      int reused = 0;
      for (Path f : files) {
        if (discarded) {
          throw new CancellationException("snapshot " + checkpointId + " was discarded");
        }
        String name = f.getFileName().toString();
        if (name.endsWith(".sst")) {
          NamedFile uploaded = alreadyUploaded.get(name);
          if (uploaded == null) {
            CheckpointOutput.Written w = storage.upload(f, storage.createShared("sst"));
            written.add(w.path());
            uploaded = new NamedFile(name, w.path(), w.size());
          } else {
            reused++;
          }
          shared.add(uploaded);
          ssts.put(name, uploaded);
        } else if (materialization) {
          CheckpointOutput.Written w = storage.upload(f, storage.createShared("rocksdb-" + name));
          written.add(w.path());
          shared.add(new NamedFile(name, w.path(), w.size()));
        } else {
          CheckpointOutput.Written w = storage.upload(f, storage.createExclusive(checkpointId, "rocksdb-" + name));
          written.add(w.path());
          privateFiles.add(new NamedFile(name, w.path(), w.size()));
        }
      }
      try (CheckpointOutput out = storage.createExclusive(checkpointId, "rocksdb-meta")) {
        KeyGroupStreamWriter w = new KeyGroupStreamWriter(out.stream(), backend.range());
        w.writeHeader(header::writeTo);
        w.finish();
        CheckpointOutput.Written meta = out.closeAndGet();
        written.add(meta.path());
        privateFiles.add(new NamedFile(RocksDbKeyedStateBackend.META_FILE, meta.path(), meta.size()));
      }
      backend.uploaded(checkpointId, ssts);
      LOG.info("incremental checkpoint {} of {}{}: {} new files, {} SST files re-referenced, {} private files",
          checkpointId, backend.range(), materialization ? " (a materialization)" : "", shared.size() - reused, reused,
          privateFiles.size());
      KeyGroupRange range = backend.range();
      IncrementalKeyedStateHandle handle = new IncrementalKeyedStateHandle(range, checkpointId, backend.backendId(),
          shared, privateFiles);
      if (materialization) {
        backend.materialized(checkpointId, handle);
      }
      ok = true;
      return handle;
    } finally {
      if (!ok) {
        for (String p : written) {
          storage.deleteQuietly(new org.apache.hadoop.fs.Path(p));
        }
      }
      release();
    }
  }

  @Override
  public void discard() {
    discarded = true;
    if (claimed.compareAndSet(false, true)) {
      release();
    }
  }

  private void release() {
    RocksDbKeyedStateBackend.deleteRecursively(localCheckpoint);
    backend.snapshotEnded(this);
  }
}
