package io.weft.state.snapshot;

import io.weft.core.checkpoint.CheckpointMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where snapshots are written, and the one owner of their layout: a base directory on a Hadoop
 * {@link FileSystem} (file:// locally, hdfs:// on YARN; a job's is {@code <state.checkpoints.dir>/<jobId>},
 * {@link #jobDirectory}), with
 *
 * <ul>
 *   <li>{@code <base>/chk-<n>/} for the files that belong to checkpoint n alone (exclusive files:
 *       deleted with the checkpoint), and its {@code _metadata} ({@link #METADATA}), written last by
 *       the JobManager: a {@code chk-<n>} without it is incomplete;
 *   <li>{@code <base>/shared/} for files that several checkpoints reference (RocksDB SST files of
 *       incremental checkpoints: deleted once no retained checkpoint references them).
 * </ul>
 * A savepoint is a directory of its own (no shared files) with its {@code _metadata}.
 *
 * <p>The TaskManagers write the state files; the JobManager's {@code CheckpointCoordinator} writes the
 * metadata ({@link #writeMetadata}), lists, finds ({@link #latestReadable}) and retains checkpoints
 * through this class.
 *
 * <p>File names are random (a prefix plus a UUID), so that any number of subtasks and operators can
 * write into the same directories without coordinating. Thread-safe.
 *
 * <p>The base directory and the directories in it get a permission that is private (0700) unless
 * {@code state.checkpoints.permission} says otherwise, files the same without execute bits: state
 * holds user data.
 */
public final class CheckpointStorage {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStorage.class);

  /** The file naming what a checkpoint or savepoint holds; written last, so its presence means complete. */
  public static final String METADATA = "_metadata";
  private static final String CHECKPOINT_PREFIX = "chk-";
  private static final String SHARED = "shared";

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

  /** A job's base directory: {@code <checkpointsDir>/<jobId>}. */
  public static Path jobDirectory(Path checkpointsDir, String jobId) {
    return new Path(checkpointsDir, jobId);
  }

  public Path checkpointDir(long checkpointId) {
    return new Path(base, CHECKPOINT_PREFIX + checkpointId);
  }

  public Path sharedDir() {
    return new Path(base, SHARED);
  }

  /** The metadata file of a checkpoint's or savepoint's directory. */
  public static Path metadataFile(Path checkpointOrSavepointDir) {
    return new Path(checkpointOrSavepointDir, METADATA);
  }

  /** Whether a checkpoint's directory has its metadata, i.e. the checkpoint completed. */
  public boolean isComplete(Path checkpointDir) throws IOException {
    return fs.exists(metadataFile(checkpointDir));
  }

  /** The {@code chk-<n>} directories, complete or not, by n. */
  public TreeMap<Long, Path> listCheckpoints() throws IOException {
    return listCheckpoints(fs, base);
  }

  /** The {@code chk-<n>} directories under a job's directory, by n. */
  public static TreeMap<Long, Path> listCheckpoints(FileSystem fs, Path jobDir) throws IOException {
    TreeMap<Long, Path> result = new TreeMap<>();
    if (!fs.exists(jobDir)) {
      return result;
    }
    for (FileStatus f : fs.listStatus(jobDir)) {
      String name = f.getPath().getName();
      if (f.isDirectory() && name.matches(CHECKPOINT_PREFIX + "\\d+")) {
        result.put(Long.parseLong(name.substring(CHECKPOINT_PREFIX.length())), f.getPath());
      }
    }
    return result;
  }

  /** A completed checkpoint: its metadata file and what it holds. */
  public record Completed(Path path, CheckpointMetadata metadata) {}

  /**
   * The newest checkpoint whose metadata can be read; unreadable ones (missing or corrupt metadata)
   * are skipped, each with a logged reason. Null if there is none.
   */
  public Completed latestReadable() throws IOException {
    return latestReadable(fs, base);
  }

  /** {@link #latestReadable()} of the job directory {@code jobDir}. */
  public static Completed latestReadable(FileSystem fs, Path jobDir) throws IOException {
    for (Map.Entry<Long, Path> e : listCheckpoints(fs, jobDir).descendingMap().entrySet()) {
      Path metadata = metadataFile(e.getValue());
      try (var in = fs.open(metadata)) {
        return new Completed(fs.makeQualified(metadata), CheckpointMetadata.read(in, metadata.toString()));
      } catch (IOException ex) {
        LOG.warn("Skipping checkpoint {} in {}: {}", e.getKey(), jobDir, ex.getMessage());
      }
    }
    return null;
  }

  /**
   * Writes checkpoint {@code metadata}'s {@code _metadata} into {@code chk-<n>} (creating the base and
   * that directory with this storage's permission); returns its size. See {@link #writeMetadata(FileSystem,
   * Path, CheckpointMetadata, FsPermission)}.
   */
  public long writeMetadata(CheckpointMetadata metadata) throws IOException {
    mkdirs(fs, base, directoryPermission);
    return writeMetadata(fs, checkpointDir(metadata.checkpointId()), metadata, directoryPermission);
  }

  /**
   * Writes {@code metadata} into {@code dir} (created with {@code directoryPermission}, its file with the
   * same without execute bits) under a temporary name and renames it into place, so a reader sees a
   * whole file or none; returns its size. For checkpoints and savepoints alike.
   */
  public static long writeMetadata(FileSystem fs, Path dir, CheckpointMetadata metadata, FsPermission directoryPermission)
      throws IOException {
    mkdirs(fs, dir, directoryPermission);
    Path temporary = new Path(dir, METADATA + ".inprogress");
    try (OutputStream out = create(fs, temporary, filePermissionOf(directoryPermission), true)) {
      metadata.writeTo(out);
    }
    Path target = metadataFile(dir);
    if (!fs.rename(temporary, target)) {
      throw new IOException("cannot rename " + temporary + " to " + target);
    }
    return fs.getFileStatus(target).getLen();
  }

  /**
   * Deletes the files in {@code shared/} that no complete checkpoint references and that were written
   * before {@code cutoffMillis} (so none a pending checkpoint is uploading goes); answers how many. If
   * a complete checkpoint cannot be read, throws and deletes nothing.
   */
  public int deleteUnreferencedSharedFiles(long cutoffMillis) throws IOException {
    Path shared = sharedDir();
    if (!fs.exists(shared)) {
      return 0;
    }
    Set<String> referenced = new HashSet<>();
    for (Path chk : listCheckpoints().values()) {
      Path metadataFile = metadataFile(chk);
      if (!fs.exists(metadataFile)) {
        continue;
      }
      CheckpointMetadata metadata;
      try (var in = fs.open(metadataFile)) {
        metadata = CheckpointMetadata.read(in, metadataFile.toString());
      }
      for (CheckpointMetadata.SubtaskState s : metadata.subtasks()) {
        for (TaskStateSnapshot.OperatorState o : TaskStateSnapshot.fromBytes(s.state()).operators()) {
          if (o.keyed() != null) {
            o.keyed().sharedFiles().forEach(f -> referenced.add(new Path(f).getName()));
          }
        }
      }
    }
    int deleted = 0;
    for (FileStatus f : fs.listStatus(shared)) {
      if (!referenced.contains(f.getPath().getName()) && f.getModificationTime() < cutoffMillis) {
        deleted += fs.delete(f.getPath(), false) ? 1 : 0;
      }
    }
    return deleted;
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
