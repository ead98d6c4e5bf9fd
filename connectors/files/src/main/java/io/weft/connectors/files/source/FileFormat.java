package io.weft.connectors.files.source;

import java.io.IOException;
import java.io.Serializable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * How the file source reads one format (Flink's {@code StreamFormat}/{@code BulkFormat}): the
 * records of a byte range of a file. Every record belongs to exactly one range of a file cut into
 * ranges (a line to the range it starts in, a Parquet row group to the range holding its middle,
 * an Avro block to the range after its sync marker), so ranges can be read by different subtasks.
 */
public interface FileFormat<T> extends Serializable {
  /** Opens the records of bytes [from, to) of {@code file}. */
  RangeReader<T> open(FileSystem fs, Path file, long from, long to) throws IOException;

  /** Whether a file may be cut into ranges; a format that cannot be gets each file whole. */
  default boolean isSplittable() {
    return true;
  }

  /** The records of one range, in order. */
  interface RangeReader<T> extends AutoCloseable {
    /** The next record, or null at the end of the range. */
    T read() throws IOException;

    @Override
    void close() throws IOException;
  }
}
