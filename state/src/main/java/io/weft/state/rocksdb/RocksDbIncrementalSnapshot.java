package io.weft.state.rocksdb;

import io.weft.state.keyed.KeyedSnapshotHeader;
import io.weft.state.snapshot.CheckpointOutput;
import io.weft.state.snapshot.CheckpointStorage;
import io.weft.state.snapshot.IncrementalKeyedStateHandle;
import io.weft.state.snapshot.IncrementalKeyedStateHandle.NamedFile;
import io.weft.state.snapshot.KeyedStateHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
final class RocksDbIncrementalSnapshot extends RocksDbSnapshot {
  private static final Logger LOG = LoggerFactory.getLogger(RocksDbIncrementalSnapshot.class);

  private final Path localCheckpoint;
  private final Map<String, NamedFile> alreadyUploaded;
  private final boolean materialization;

  RocksDbIncrementalSnapshot(RocksDbKeyedStateBackend<?> backend, CheckpointStorage storage, long checkpointId,
      KeyedSnapshotHeader header, Path localCheckpoint, Map<String, NamedFile> alreadyUploaded,
      boolean materialization) {
    super(backend, storage, checkpointId, header);
    this.localCheckpoint = localCheckpoint;
    this.alreadyUploaded = alreadyUploaded;
    this.materialization = materialization;
  }

  @Override
  KeyedStateHandle write() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(localCheckpoint)) {
      files = s.sorted().toList();
    }
    List<NamedFile> shared = new ArrayList<>();
    List<NamedFile> privateFiles = new ArrayList<>();
    Map<String, NamedFile> ssts = new HashMap<>();
    int reused = 0;
    for (Path f : files) {
      checkNotDiscarded();
      String name = f.getFileName().toString();
      if (name.endsWith(".sst")) {
        NamedFile uploaded = alreadyUploaded.get(name);
        if (uploaded == null) {
          CheckpointOutput.Written w = wrote(storage.upload(f, storage.createShared("sst")));
          uploaded = new NamedFile(name, w.path(), w.size());
        } else {
          reused++;
        }
        shared.add(uploaded);
        ssts.put(name, uploaded);
      } else if (materialization) {
        CheckpointOutput.Written w = wrote(storage.upload(f, storage.createShared("rocksdb-" + name)));
        shared.add(new NamedFile(name, w.path(), w.size()));
      } else {
        CheckpointOutput.Written w = wrote(storage.upload(f, storage.createExclusive(checkpointId, "rocksdb-" + name)));
        privateFiles.add(new NamedFile(name, w.path(), w.size()));
      }
    }
    privateFiles.add(writeMetaFile());
    backend.uploaded(checkpointId, ssts);
    LOG.info("incremental checkpoint {} of {}{}: {} new files, {} SST files re-referenced, {} private files",
        checkpointId, backend.range(), materialization ? " (a materialization)" : "", shared.size() - reused, reused,
        privateFiles.size());
    IncrementalKeyedStateHandle handle = new IncrementalKeyedStateHandle(backend.range(), checkpointId,
        backend.backendId(), shared, privateFiles);
    if (materialization) {
      backend.materialized(checkpointId, handle);
    }
    return handle;
  }

  @Override
  void releaseResources() {
    RocksDbKeyedStateBackend.deleteRecursively(localCheckpoint);
  }
}
