package io.weft.api.sink;

import io.weft.api.functions.SubtaskInfo;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes each element's {@code toString()} as a line into {@code <dir>/part-<subtask>} on any
 * Hadoop FileSystem. An existing part file is an error, never silently overwritten. Output is
 * written as it comes (at-least-once under restarts); the exactly-once sink commits by rename.
 */
public final class TextFileSink<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;
  private final String directory;

  public TextFileSink(String directory) {
    this.directory = directory;
  }

  @Override
  public SinkWriter<T> createWriter(SubtaskInfo context) throws IOException {
    Path file = new Path(directory, "part-" + context.subtaskIndex());
    FileSystem fs = file.getFileSystem(new org.apache.hadoop.conf.Configuration());
    // A restarted attempt writes its part anew; only a fresh job must not overwrite earlier output.
    if (context.attemptNumber() == 0 && fs.exists(file)) {
      throw new IOException("Output file " + fs.makeQualified(file)
          + " already exists; remove it or write to another directory");
    }
    // Output is for people and other tools: no ".part-0.crc" companions on local disks.
    fs.setWriteChecksum(false);
    BufferedWriter out = new BufferedWriter(
        new OutputStreamWriter(fs.create(file, true), StandardCharsets.UTF_8), 64 * 1024);
    return new SinkWriter<>() {
      @Override
      public void write(T value, Long timestamp) throws IOException {
        out.write(String.valueOf(value));
        out.write('\n');
      }

      @Override
      public void close() throws IOException {
        out.close();
      }
    };
  }
}
