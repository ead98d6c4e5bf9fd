package io.weft.appmaster.checkpoint;

import io.weft.core.checkpoint.CheckpointMetadata;
import io.weft.state.snapshot.CheckpointStorage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The savepoint (or retained checkpoint) a job starts from with {@code -s}: its directory or its
 * {@code _metadata} file. Shared by the CLI, which refuses one it cannot read before anything is
 * submitted, and the ApplicationMaster, which restores it.
 */
public final class SavepointLocation {
  /** A savepoint's directory is {@code <target>/savepoint-<jobId>-<id>}. */
  public static final String DIRECTORY_PREFIX = "savepoint-";

  private SavepointLocation() {}

  /** The metadata file of the savepoint {@code path} names: the path itself if it is one, else the file in it. */
  public static String metadataFile(String path) {
    String trimmed = path.trim().replaceAll("/+$", "");
    return trimmed.endsWith("/" + CheckpointStorage.METADATA) ? trimmed
        : trimmed + "/" + CheckpointStorage.METADATA;
  }

  /**
   * Reads the savepoint's metadata.
   *
   * @throws IOException saying, with the path, whether the savepoint is missing, unreadable or not
   *     a savepoint's metadata
   */
  public static CheckpointMetadata read(String path, Configuration hadoopConf) throws IOException {
    String metadata = metadataFile(path);
    Path file = new Path(metadata);
    FileSystem fs;
    try {
      fs = file.getFileSystem(hadoopConf);
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException("cannot open the file system of savepoint " + metadata + ": " + e.getMessage(), e);
    }
    InputStream in;
    try {
      in = fs.open(file);
    } catch (FileNotFoundException e) {
      String what = fs.exists(new Path(path.trim())) ? metadata + " does not exist: the savepoint is incomplete or"
          + " not a savepoint" : "nothing exists at " + path.trim();
      throw new FileNotFoundException("there is no savepoint at " + path.trim() + ": " + what);
    } catch (IOException e) {
      throw new IOException("cannot read savepoint " + metadata + ": " + e.getMessage(), e);
    }
    try (in) {
      return CheckpointMetadata.read(in, metadata);
    } catch (IOException e) {
      throw new IOException(metadata + " is not a savepoint's metadata that this Weft can restore: " + e.getMessage(),
          e);
    }
  }
}
