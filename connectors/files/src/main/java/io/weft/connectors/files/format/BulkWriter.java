package io.weft.connectors.files.format;

import java.io.IOException;
import java.io.Serializable;
import org.apache.hadoop.fs.FSDataOutputStream;

/**
 * Writes a bulk format (Parquet, Avro container files) into one part file (Flink's {@code
 * BulkWriter}). Such a file is only readable once finished, so bulk formats roll at every
 * checkpoint.
 */
public interface BulkWriter<T> {
  void addElement(T element) throws IOException;

  /** Writes out everything buffered that the format allows (a row group may stay in memory). */
  void flush() throws IOException;

  /** Completes the file (footer); the stream is closed by the sink afterwards. */
  void finish() throws IOException;

  /** Opens a writer on a new part file's stream. */
  @FunctionalInterface
  interface Factory<T> extends Serializable {
    BulkWriter<T> create(FSDataOutputStream out) throws IOException;
  }
}
