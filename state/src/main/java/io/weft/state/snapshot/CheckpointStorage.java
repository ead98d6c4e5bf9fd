package io.weft.state.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Objects;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where snapshots are written: a base directory on a Hadoop {@link FileSystem} (file:// locally,
 * hdfs:// on YARN), with
 *
 * <ul>
 *   <li>{@code <base>/chk-<n>/} for the files that belong to checkpoint n alone (exclusive files:
 *       deleted with the checkpoint), and
 *   <li>{@code <base>/shared/} for files that several checkpoints reference (RocksDB SST files of
 *       incremental checkpoints: deleted once no retained checkpoint references them).
 * </ul>
 *
 * File names are random (a prefix plus a UUID), so that any number of subtasks and operators can
 * write into the same directories without coordinating. Thread-safe.
 */
public final class CheckpointStorage {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStorage.class);

  private final FileSystem fs;
  private final Path base;

  public CheckpointStorage(FileSystem fs, Path base) {
    this.fs = Objects.requireNonNull(fs, "fs");
    this.base = fs.makeQualified(Objects.requireNonNull(base, "base"));
  }

  /** The storage under a directory URI such as {@code hdfs://nn:8020/weft/checkpoints/<job>}. */
  public static CheckpointStorage forUri(String baseUri, org.apache.hadoop.conf.Configuration hadoopConf)
      throws IOException {
    Path p = new Path(baseUri);
    return new CheckpointStorage(p.getFileSystem(hadoopConf), p);
  }

  public FileSystem fileSystem() {
    return fs;
  }

  public Path base() {
    return base;
  }

  public Path checkpointDir(long checkpointId) {
    return new Path(base, "chk-" + checkpointId);
  }

  public Path sharedDir() {
    return new Path(base, "shared");
  }

  /** A new file in {@code chk-<checkpointId>/}. */
  public CheckpointOutput createExclusive(long checkpointId, String prefix) throws IOException {
    return create(new Path(checkpointDir(checkpointId), prefix + "-" + UUID.randomUUID()));
  }

  /** A new file in {@code shared/}. */
  public CheckpointOutput createShared(String prefix) throws IOException {
    return create(new Path(sharedDir(), prefix + "-" + UUID.randomUUID()));
  }

  private CheckpointOutput create(Path p) throws IOException {
    return new CheckpointOutput(fs, p, fs.create(p, false));
  }

  /** Copies a local file into a new file of this storage; returns its path and size. */
  public CheckpointOutput.Written upload(java.nio.file.Path local, CheckpointOutput target) throws IOException {
    try (CheckpointOutput out = target; InputStream in = Files.newInputStream(local)) {
      in.transferTo(out.stream());
      return out.closeAndGet();
    }
  }

  /** Deletes a file or directory (recursively), logging instead of throwing: for clean-up paths. */
  public void deleteQuietly(Path p) {
    try {
      fs.delete(p, true);
    } catch (IOException e) {
      LOG.warn("could not delete {}", p, e);
    }
  }

  /** Deletes the exclusive files of a checkpoint (not its shared files, which others may reference). */
  public void discardCheckpoint(long checkpointId) {
    deleteQuietly(checkpointDir(checkpointId));
  }

  @Override
  public String toString() {
    return "CheckpointStorage(" + base + ")";
  }
}
