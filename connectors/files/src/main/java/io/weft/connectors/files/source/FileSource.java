package io.weft.connectors.files.source;

import io.weft.api.functions.SubtaskInfo;
import io.weft.api.source.Source;
import io.weft.api.source.SourceReader;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;

/**
 * Reads the files under a directory, recursively (Flink's {@code FileSource}): text lines, CSV,
 * JSON lines, Parquet or Avro ({@link FileFormat}). Files are cut into ranges of {@link
 * Builder#setSplitSize} bytes; each range belongs to one subtask (by a hash of file and offset), so
 * subtasks need no coordinator. Names starting with '.' or '_' (in-progress files, {@code _SUCCESS})
 * are skipped, as is what the path filter refuses. Bounded by default; {@link
 * Builder#monitorContinuously} lists the directory again every interval and reads new files, which
 * must appear whole (renamed into place, as the files sink commits them).
 *
 * <p>The checkpointed position is the ranges done and the records read of the one in progress,
 * named by file and offset, so a restore at any parallelism gives each new subtask what was read
 * of its own ranges. A file listed once is never read again, even if it changes.
 */
public final class FileSource<T> implements Source<T> {
  private static final long serialVersionUID = 1L;
  /** Ranges of this many bytes by default, as HDFS blocks are. */
  public static final long DEFAULT_SPLIT_SIZE = 128L << 20;

  final String path;
  final FileFormat<T> format;
  final PathFilter filter;
  final long splitSize;
  final Duration discoveryInterval;

  private FileSource(Builder<T> b) {
    this.path = b.path;
    this.format = b.format;
    this.filter = b.filter;
    this.splitSize = b.splitSize;
    this.discoveryInterval = b.discoveryInterval;
  }

  public static <T> Builder<T> forRecordFormat(FileFormat<T> format, String path) {
    return new Builder<>(format, path);
  }

  @Override
  public boolean isBounded() {
    return discoveryInterval == null;
  }

  @Override
  public SourceReader<T> createReader(SubtaskInfo context) throws IOException {
    return new FileSourceReader<>(this, context.subtaskIndex(), context.parallelism());
  }

  /** Which files to read, by their path relative to the source's directory. */
  @FunctionalInterface
  public interface PathFilter extends Serializable {
    boolean accept(String relativePath);
  }

  /** Configures a {@link FileSource}. */
  public static final class Builder<T> {
    private final FileFormat<T> format;
    private final String path;
    private PathFilter filter = p -> true;
    private long splitSize = DEFAULT_SPLIT_SIZE;
    private Duration discoveryInterval;

    private Builder(FileFormat<T> format, String path) {
      if (path == null || path.isBlank()) {
        throw new IllegalArgumentException("FileSource needs a path");
      }
      this.format = format;
      this.path = path;
    }

    /** Reads only files whose path relative to the directory the filter accepts. */
    public Builder<T> setPathFilter(PathFilter filter) {
      this.filter = filter;
      return this;
    }

    /** Cuts files into ranges of this many bytes, read in parallel. */
    public Builder<T> setSplitSize(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("FileSource split size " + bytes + " must be at least 1 byte");
      }
      this.splitSize = bytes;
      return this;
    }

    /** Unbounded: lists the directory again every {@code interval} and reads the files that appeared. */
    public Builder<T> monitorContinuously(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("FileSource discovery interval " + interval + " must be positive");
      }
      this.discoveryInterval = interval;
      return this;
    }

    public FileSource<T> build() {
      return new FileSource<>(this);
    }
  }
}
