package io.weft.state.snapshot;

import io.weft.core.types.BoundedIo;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An incremental RocksDB checkpoint: the files of a native RocksDB checkpoint, each under the name
 * it had in the checkpoint directory. SST files are immutable and live in the shared directory, so
 * later checkpoints re-reference those already uploaded; the rest (MANIFEST, CURRENT, OPTIONS, our
 * metadata file) is private to this checkpoint.
 *
 * <p>With the state changelog on, a checkpoint is the files of the last materialization (all of
 * them shared, since later checkpoints re-reference the MANIFEST too) plus the changelog segments
 * written since, replayed in order on restore; such a handle is written with its own type byte,
 * so handles without a changelog keep their format.
 *
 * @param backendId identifies the RocksDB instance lineage that wrote the files (for logs)
 * @param changelogFiles changelog segments (shared) to replay on top of the files, oldest first
 */
public record IncrementalKeyedStateHandle(KeyGroupRange keyGroupRange, long checkpointId, String backendId,
    List<NamedFile> sharedSstFiles, List<NamedFile> privateFileList, List<NamedFile> changelogFiles)
    implements KeyedStateHandle {
  /** At most this many files per handle are accepted on read. */
  public static final int MAX_FILES = 1 << 20;

  /** A file of the RocksDB checkpoint: its local name and where it was uploaded. */
  public record NamedFile(String localName, String path, long size) {
    public NamedFile {
      Objects.requireNonNull(localName, "localName");
      Objects.requireNonNull(path, "path");
      if (localName.isEmpty() || localName.contains("/") || localName.equals("..") || localName.equals(".")) {
        throw new IllegalArgumentException("not a plain file name: '" + localName + "'");
      }
    }

    void writeTo(DataOutput out) throws IOException {
      BoundedIo.writeString(out, localName);
      BoundedIo.writeString(out, path);
      out.writeLong(size);
    }

    static NamedFile read(DataInput in) throws IOException {
      String name = BoundedIo.readString(in, "a file name");
      String path = BoundedIo.readString(in, "a file path");
      long size = BoundedIo.readLong(in, 0, Long.MAX_VALUE, "file size");
      try {
        return new NamedFile(name, path, size);
      } catch (IllegalArgumentException e) {
        throw new IOException("corrupt input: " + e.getMessage());
      }
    }
  }

  public IncrementalKeyedStateHandle {
    Objects.requireNonNull(keyGroupRange, "keyGroupRange");
    Objects.requireNonNull(backendId, "backendId");
    sharedSstFiles = List.copyOf(sharedSstFiles);
    privateFileList = List.copyOf(privateFileList);
    changelogFiles = List.copyOf(changelogFiles);
  }

  /** A handle without changelog. */
  public IncrementalKeyedStateHandle(KeyGroupRange keyGroupRange, long checkpointId, String backendId,
      List<NamedFile> sharedSstFiles, List<NamedFile> privateFileList) {
    this(keyGroupRange, checkpointId, backendId, sharedSstFiles, privateFileList, List.of());
  }

  @Override
  public long stateSize() {
    long n = 0;
    for (NamedFile f : sharedSstFiles) {
      n += f.size();
    }
    for (NamedFile f : privateFileList) {
      n += f.size();
    }
    for (NamedFile f : changelogFiles) {
      n += f.size();
    }
    return n;
  }

  @Override
  public List<String> privateFiles() {
    return privateFileList.stream().map(NamedFile::path).toList();
  }

  @Override
  public List<String> sharedFiles() {
    List<String> shared = new ArrayList<>(sharedSstFiles.size() + changelogFiles.size());
    sharedSstFiles.forEach(f -> shared.add(f.path()));
    changelogFiles.forEach(f -> shared.add(f.path()));
    return shared;
  }

  @Override
  public void writeTo(DataOutput out) throws IOException {
    out.writeByte(changelogFiles.isEmpty() ? TYPE_INCREMENTAL : TYPE_INCREMENTAL_CHANGELOG);
    keyGroupRange.writeTo(out);
    out.writeLong(checkpointId);
    BoundedIo.writeString(out, backendId);
    writeFiles(out, sharedSstFiles);
    writeFiles(out, privateFileList);
    if (!changelogFiles.isEmpty()) {
      writeFiles(out, changelogFiles);
    }
  }

  private static void writeFiles(DataOutput out, List<NamedFile> files) throws IOException {
    io.weft.core.types.VarInts.writeVarInt(out, files.size());
    for (NamedFile f : files) {
      f.writeTo(out);
    }
  }

  private static List<NamedFile> readFiles(DataInput in) throws IOException {
    int n = BoundedIo.readCount(in, MAX_FILES, "the number of files of a handle");
    List<NamedFile> files = new ArrayList<>(Math.min(n, 1024));
    for (int i = 0; i < n; i++) {
      files.add(NamedFile.read(in));
    }
    return files;
  }

  static IncrementalKeyedStateHandle readFields(DataInput in, boolean withChangelog) throws IOException {
    KeyGroupRange range = KeyGroupRange.read(in);
    long checkpointId = in.readLong();
    String backendId = BoundedIo.readString(in, "a backend id");
    List<NamedFile> shared = readFiles(in);
    List<NamedFile> priv = readFiles(in);
    List<NamedFile> changelog = withChangelog ? readFiles(in) : List.of();
    return new IncrementalKeyedStateHandle(range, checkpointId, backendId, shared, priv, changelog);
  }
}
