package io.weft.connectors.files.sink;

import io.weft.api.sink.twophase.PendingFile;
import io.weft.connectors.files.format.BulkWriter;
import io.weft.connectors.files.format.Encoder;
import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;

/** An open in-progress part file, written through a row encoder or a bulk writer. */
final class PartFile<T> {
  final FSDataOutputStream out;
  final long createdAt;
  long lastWriteAt;
  private final Path inProgress;
  private final Path committed;
  private final Encoder<T> encoder;
  private final BulkWriter<T> bulk;

  PartFile(Path inProgress, Path committed, FSDataOutputStream out, Encoder<T> encoder, BulkWriter<T> bulk, long now) {
    this.inProgress = inProgress;
    this.committed = committed;
    this.out = out;
    this.encoder = encoder;
    this.bulk = bulk;
    this.createdAt = now;
    this.lastWriteAt = now;
  }

  void write(T value, long now) throws IOException {
    if (bulk != null) {
      bulk.addElement(value);
    } else {
      encoder.encode(value, out);
    }
    lastWriteAt = now;
  }

  /** Bytes written so far (a bulk format's buffered row group not counted). */
  long size() {
    return out.getPos();
  }

  /** A closed part file: pending, waiting for its checkpoint; its size for compaction. */
  record Closed(PendingFile file, long size) {}

  /** Finishes and closes the file durably: from here it is pending, waiting for its checkpoint. */
  Closed close() throws IOException {
    if (bulk != null) {
      bulk.finish();
    }
    long size = out.getPos();
    out.close();
    return new Closed(new PendingFile(inProgress.toString(), committed.toString()), size);
  }
}
