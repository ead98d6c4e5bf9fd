package io.weft.state.snapshot;

import java.io.Closeable;
import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A snapshot file being written. Finish it with {@link #closeAndGet()}; closing it any other way
 * (an exception in a try-with-resources block) deletes the partial file, so a failed upload leaves
 * nothing behind.
 */
public final class CheckpointOutput implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointOutput.class);

  /** A finished file. */
  public record Written(String path, long size) {}

  private final FileSystem fs;
  private final Path path;
  private final FSDataOutputStream out;
  private boolean done;

  CheckpointOutput(FileSystem fs, Path path, FSDataOutputStream out) {
    this.fs = fs;
    this.path = path;
    this.out = out;
  }

  public Path path() {
    return path;
  }

  public FSDataOutputStream stream() {
    return out;
  }

  /** Closes the file, making it durable; returns its path and size. */
  public Written closeAndGet() throws IOException {
    long size = out.getPos();
    out.close();
    done = true;
    return new Written(path.toString(), size);
  }

  /** Deletes the file unless {@link #closeAndGet()} finished it. */
  @Override
  public void close() {
    if (done) {
      return;
    }
    done = true;
    try {
      out.close();
    } catch (IOException e) {
      LOG.debug("closing abandoned snapshot file {}", path, e);
    }
    try {
      fs.delete(path, false);
    } catch (IOException e) {
      LOG.warn("could not delete abandoned snapshot file {}", path, e);
    }
  }
}
