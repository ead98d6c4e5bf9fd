package io.weft.state.rocksdb;

import io.weft.state.keyed.KeyedSnapshotHeader;
import io.weft.state.snapshot.AsyncSnapshot;
import io.weft.state.snapshot.CheckpointOutput;
import io.weft.state.snapshot.CheckpointStorage;
import io.weft.state.snapshot.IncrementalKeyedStateHandle;
import io.weft.state.snapshot.IncrementalKeyedStateHandle.NamedFile;
import io.weft.state.snapshot.KeyGroupStreamWriter;
import io.weft.state.snapshot.KeyedStateHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asynchronous part of a changelog checkpoint: the last completed materialization's files,
 * re-referenced, plus the changelog segments since it. Segments a completed checkpoint already
 * uploaded are re-referenced; the others are uploaded from hard links the synchronous part made
 * (so a materialization completing meanwhile cannot delete them from under the upload). Writes
 * this checkpoint's metadata file (the states as of now) as its one private file.
 */
final class RocksDbChangelogSnapshot implements AsyncSnapshot<KeyedStateHandle> {
  private static final Logger LOG = LoggerFactory.getLogger(RocksDbChangelogSnapshot.class);

  private final RocksDbKeyedStateBackend<?> backend;
  private final CheckpointStorage storage;
  private final long checkpointId;
  private final KeyedSnapshotHeader header;
  private final IncrementalKeyedStateHandle base;
  private final List<RocksDbChangelog.Segment> segments;
  /** The hard links of {@code segments}, same order; null for those already uploaded. */
  private final List<Path> links;
  private final Path linkDir;
  private final AtomicBoolean claimed = new AtomicBoolean();
  private volatile boolean discarded;

  RocksDbChangelogSnapshot(RocksDbKeyedStateBackend<?> backend, CheckpointStorage storage, long checkpointId,
      KeyedSnapshotHeader header, IncrementalKeyedStateHandle base, List<RocksDbChangelog.Segment> segments,
      List<Path> links, Path linkDir) {
    this.backend = backend;
    this.storage = storage;
    this.checkpointId = checkpointId;
    this.header = header;
    this.base = base;
    this.segments = segments;
    this.links = links;
    this.linkDir = linkDir;
  }

  @Override
  public KeyedStateHandle upload() throws Exception {
    if (!claimed.compareAndSet(false, true)) {
      throw new CancellationException("snapshot " + checkpointId + " was discarded or already uploaded");
    }
    List<String> written = new ArrayList<>();
    boolean ok = false;
    try {
      List<NamedFile> changelog = new ArrayList<>();
      Map<RocksDbChangelog.Segment, NamedFile> uploads = new LinkedHashMap<>();
      long uploadedBytes = 0;
      for (int i = 0; i < segments.size(); i++) {
        if (discarded) {
          throw new CancellationException("snapshot " + checkpointId + " was discarded");
        }
        RocksDbChangelog.Segment s = segments.get(i);
        NamedFile f = s.confirmed;
        if (f == null) {
          CheckpointOutput.Written w = storage.upload(links.get(i), storage.createShared("changelog"));
          written.add(w.path());
          f = new NamedFile("changelog-" + s.checkpointId, w.path(), w.size());
          uploadedBytes += w.size();
        }
        uploads.put(s, f);
        changelog.add(f);
      }
      List<NamedFile> privateFiles = new ArrayList<>();
      try (CheckpointOutput out = storage.createExclusive(checkpointId, "rocksdb-meta")) {
        KeyGroupStreamWriter w = new KeyGroupStreamWriter(out.stream(), backend.range());
        w.writeHeader(header::writeTo);
        w.finish();
        CheckpointOutput.Written meta = out.closeAndGet();
        written.add(meta.path());
        privateFiles.add(new NamedFile(RocksDbKeyedStateBackend.META_FILE, meta.path(), meta.size()));
      }
      backend.changelogUploaded(checkpointId, uploads);
      LOG.info("changelog checkpoint {} of {}: materialization {} and {} changelog segments ({} bytes uploaded now)",
          checkpointId, backend.range(), base.checkpointId(), changelog.size(), uploadedBytes);
      ok = true;
      return new IncrementalKeyedStateHandle(backend.range(), checkpointId, backend.backendId(),
          base.sharedSstFiles(), privateFiles, changelog);
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
    RocksDbKeyedStateBackend.deleteRecursively(linkDir);
    backend.snapshotEnded(this);
  }
}
