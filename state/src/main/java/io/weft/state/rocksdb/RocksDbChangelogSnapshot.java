package io.weft.state.rocksdb;

import io.weft.state.keyed.KeyedSnapshotHeader;
import io.weft.state.snapshot.CheckpointOutput;
import io.weft.state.snapshot.CheckpointStorage;
import io.weft.state.snapshot.IncrementalKeyedStateHandle;
import io.weft.state.snapshot.IncrementalKeyedStateHandle.NamedFile;
import io.weft.state.snapshot.KeyedStateHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asynchronous part of a changelog checkpoint: the last completed materialization's files,
 * re-referenced, plus the changelog segments since it. Segments a completed checkpoint already
 * uploaded are re-referenced; the others are uploaded from hard links the synchronous part made
 * (so a materialization completing meanwhile cannot delete them from under the upload). Writes
 * this checkpoint's metadata file (the states as of now) as its one private file.
 */
final class RocksDbChangelogSnapshot extends RocksDbSnapshot {
  private static final Logger LOG = LoggerFactory.getLogger(RocksDbChangelogSnapshot.class);

  private final IncrementalKeyedStateHandle base;
  private final List<RocksDbChangelog.Segment> segments;
  /** The hard links of {@code segments}, same order; null for those already uploaded. */
  private final List<Path> links;
  private final Path linkDir;

  RocksDbChangelogSnapshot(RocksDbKeyedStateBackend<?> backend, CheckpointStorage storage, long checkpointId,
      KeyedSnapshotHeader header, IncrementalKeyedStateHandle base, List<RocksDbChangelog.Segment> segments,
      List<Path> links, Path linkDir) {
    super(backend, storage, checkpointId, header);
    this.base = base;
    this.segments = segments;
    this.links = links;
    this.linkDir = linkDir;
  }

  @Override
  KeyedStateHandle write() throws Exception {
    List<NamedFile> changelog = new ArrayList<>();
    Map<RocksDbChangelog.Segment, NamedFile> uploads = new LinkedHashMap<>();
    long uploadedBytes = 0;
    for (int i = 0; i < segments.size(); i++) {
      checkNotDiscarded();
      RocksDbChangelog.Segment s = segments.get(i);
      NamedFile f = s.confirmed;
      if (f == null) {
        CheckpointOutput.Written w = wrote(storage.upload(links.get(i), storage.createShared("changelog")));
        f = new NamedFile("changelog-" + s.checkpointId, w.path(), w.size());
        uploadedBytes += w.size();
      }
      uploads.put(s, f);
      changelog.add(f);
    }
    List<NamedFile> privateFiles = List.of(writeMetaFile());
    backend.changelogUploaded(checkpointId, uploads);
    LOG.info("changelog checkpoint {} of {}: materialization {} and {} changelog segments ({} bytes uploaded now)",
        checkpointId, backend.range(), base.checkpointId(), changelog.size(), uploadedBytes);
    return new IncrementalKeyedStateHandle(backend.range(), checkpointId, backend.backendId(),
        base.sharedSstFiles(), privateFiles, changelog);
  }

  @Override
  void releaseResources() {
    RocksDbKeyedStateBackend.deleteRecursively(linkDir);
  }
}
