package io.weft.state.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
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
 *
 * <p>The base directory and the directories in it get a permission that is private (0700) unless
 * {@code state.checkpoints.permission} says otherwise, files the same without execute bits: state
 * holds user data.
 */
public final class CheckpointStorage {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStorage.class);

  /** Who may read state unless configured otherwise: the job's user alone. */
  public static final FsPermission PRIVATE = new FsPermission((short) 0700);

  private final FileSystem fs;
  private final Path base;
  private final FsPermission directoryPermission;
  private final FsPermission filePermission;
  /** Directories already created with their permission by this storage. */
  private final Set<Path> ready = ConcurrentHashMap.newKeySet();

  public CheckpointStorage(FileSystem fs, Path base) {
    this(fs, base, PRIVATE);
  }

  /**
   * @param directoryPermission of the base directory and the checkpoint directories in it; files
   *     get the same without the execute bits
   */
  public CheckpointStorage(FileSystem fs, Path base, FsPermission directoryPermission) {
    this.fs = Objects.requireNonNull(fs, "fs");
    this.base = fs.makeQualified(Objects.requireNonNull(base, "base"));
    this.directoryPermission = directoryPermission;
    this.filePermission = filePermissionOf(directoryPermission);
  }

  /** The storage under a directory URI such as {@code hdfs://nn:8020/weft/checkpoints/<job>}, private. */
  public static CheckpointStorage forUri(String baseUri, org.apache.hadoop.conf.Configuration hadoopConf)
      throws IOException {
    return forUri(baseUri, hadoopConf, PRIVATE);
  }

  public static CheckpointStorage forUri(String baseUri, org.apache.hadoop.conf.Configuration hadoopConf,
      FsPermission directoryPermission) throws IOException {
    Path p = new Path(baseUri);
    return new CheckpointStorage(p.getFileSystem(hadoopConf), p, directoryPermission);
  }

  /** A directory permission without its execute bits: what the files in such a directory get. */
  public static FsPermission filePermissionOf(FsPermission directoryPermission) {
    return new FsPermission((short) (directoryPermission.toShort() & 0666));
  }

  /**
   * Creates {@code dir} (and its missing parents) if needed and gives it {@code permission}
   * explicitly, since the FileSystem's umask would otherwise decide.
   */
  public static void mkdirs(FileSystem fs, Path dir, FsPermission permission) throws IOException {
    if (!fs.mkdirs(dir, permission)) {
      throw new IOException("cannot create the directory " + dir);
    }
    fs.setPermission(dir, permission);
  }

  /**
   * A new file with {@code filePermission}, created only if absent ({@code overwrite} false) or
   * replacing one. Its directory must exist.
   */
  public static org.apache.hadoop.fs.FSDataOutputStream create(FileSystem fs, Path file, FsPermission filePermission,
      boolean overwrite) throws IOException {
    org.apache.hadoop.fs.FSDataOutputStream out = fs.create(file, filePermission, overwrite,
        fs.getConf().getInt("io.file.buffer.size", 4096), fs.getDefaultReplication(file), fs.getDefaultBlockSize(file),
        null);
    fs.setPermission(file, filePermission); // the umask may have taken bits the option asked for
    return out;
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
    ensureDirectory(base);
    ensureDirectory(p.getParent());
    return new CheckpointOutput(fs, p, create(fs, p, filePermission, false));
  }

  private void ensureDirectory(Path dir) throws IOException {
    if (!ready.contains(dir)) {
      mkdirs(fs, dir, directoryPermission);
      ready.add(dir);
    }
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
