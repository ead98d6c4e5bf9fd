package io.weft.connectors.files.sink;

import io.weft.api.sink.twophase.PendingFile;
import io.weft.api.sink.twophase.PendingFileCommitter;
import io.weft.connectors.files.format.BulkWriter;
import io.weft.connectors.files.source.FileFormat;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges a checkpoint's small files of one bucket into one part file as the checkpoint commits,
 * idempotently: the merged file is written hidden, renamed into place, and only then are the small
 * files deleted; a replayed commit that finds the merged file committed only deletes what is left.
 * Row formats are concatenated; bulk formats are read back with the configured {@link FileFormat}
 * and written again (a Parquet or Avro file cannot be concatenated).
 */
final class Compactor<T> {
  private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);
  private final FileSink<T> sink;
  private final PendingFileCommitter files;

  Compactor(FileSink<T> sink, PendingFileCommitter files) {
    this.sink = sink;
    this.files = files;
  }

  void commit(PendingFile into, List<String> from, FileSystem fs) throws IOException {
    Path target = new Path(into.committed());
    if (!fs.exists(target)) {
      for (String f : from) {
        if (!fs.exists(new Path(f))) {
          throw new IOException("compaction into " + target + ": its input " + f + " is gone and the merged file was "
              + "never committed");
        }
      }
      merge(from, new Path(into.inProgress()), fs);
      files.commit(into);
      LOG.info("File sink compacted {} files into {}", from.size(), target);
    }
    for (String f : from) {
      fs.delete(new Path(f), false);
    }
  }

  private void merge(List<String> from, Path into, FileSystem fs) throws IOException {
    try (FSDataOutputStream out = fs.create(into, true)) {
      if (sink.bulkWriters == null) {
        for (String f : from) {
          try (FSDataInputStream in = fs.open(new Path(f))) {
            in.transferTo(out);
          }
        }
        return;
      }
      BulkWriter<T> writer = sink.bulkWriters.create(out);
      FileFormat<T> format = sink.compaction.readBack();
      for (String f : from) {
        Path p = new Path(f);
        try (FileFormat.RangeReader<T> records = format.open(fs, p, 0, fs.getFileStatus(p).getLen())) {
          for (T r = records.read(); r != null; r = records.read()) {
            writer.addElement(r);
          }
        }
      }
      writer.finish();
    }
  }
}
