package io.weft.state.rocksdb;

import io.weft.state.keyed.KeyedSnapshotHeader;
import io.weft.state.snapshot.AsyncSnapshot;
import io.weft.state.snapshot.CheckpointOutput;
import io.weft.state.snapshot.CheckpointStorage;
import io.weft.state.snapshot.IncrementalKeyedStateHandle.NamedFile;
import io.weft.state.snapshot.KeyGroupStreamWriter;
import io.weft.state.snapshot.KeyedStateHandle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the asynchronous parts of the RocksDB backend's snapshots (full, incremental, changelog)
 * share: {@link #upload()} runs at most once and never after {@link #discard()}; a discard while
 * it runs makes it stop at its next {@link #checkNotDiscarded()}; the files it wrote are deleted
 * if it does not return a handle; what the synchronous part holds is released either way.
 */
abstract class RocksDbSnapshot implements AsyncSnapshot<KeyedStateHandle> {
  final RocksDbKeyedStateBackend<?> backend;
  final CheckpointStorage storage;
  final long checkpointId;
  final KeyedSnapshotHeader header;
  private final AtomicBoolean claimed = new AtomicBoolean();
  private volatile boolean discarded;
  /** Paths of the files this upload wrote, deleted if it fails or is cancelled. */
  private final List<String> written = new ArrayList<>();

  RocksDbSnapshot(RocksDbKeyedStateBackend<?> backend, CheckpointStorage storage, long checkpointId,
      KeyedSnapshotHeader header) {
    this.backend = backend;
    this.storage = storage;
    this.checkpointId = checkpointId;
    this.header = header;
  }

  /** Writes the snapshot's files (recording them with {@link #wrote}) and returns its handle. */
  abstract KeyedStateHandle write() throws Exception;

  /** Frees what the synchronous part holds (a native snapshot, hard links); called once. */
  abstract void releaseResources();

  @Override
  public final KeyedStateHandle upload() throws Exception {
    if (!claimed.compareAndSet(false, true)) {
      throw new CancellationException("snapshot " + checkpointId + " was discarded or already uploaded");
    }
    boolean ok = false;
    try {
      KeyedStateHandle handle = write();
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
  public final void discard() {
    discarded = true;
    if (claimed.compareAndSet(false, true)) {
      release();
    }
  }

  final void checkNotDiscarded() {
    if (discarded) {
      throw new CancellationException("snapshot " + checkpointId + " was discarded");
    }
  }

  final CheckpointOutput.Written wrote(CheckpointOutput.Written w) {
    written.add(w.path());
    return w;
  }

  /** Writes the states' metadata (our header in a key-grouped file of no key groups). */
  final NamedFile writeMetaFile() throws IOException {
    try (CheckpointOutput out = storage.createExclusive(checkpointId, "rocksdb-meta")) {
      KeyGroupStreamWriter w = new KeyGroupStreamWriter(out.stream(), backend.range());
      w.writeHeader(header::writeTo);
      w.finish();
      CheckpointOutput.Written meta = wrote(out.closeAndGet());
      return new NamedFile(RocksDbKeyedStateBackend.META_FILE, meta.path(), meta.size());
    }
  }

  private void release() {
    releaseResources();
    backend.snapshotEnded(this);
  }
}
