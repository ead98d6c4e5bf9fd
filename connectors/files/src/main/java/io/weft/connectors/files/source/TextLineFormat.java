package io.weft.connectors.files.source;

import java.io.IOException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.util.LineReader;

/**
 * Lines of UTF-8 text (\n, \r or \r\n ends a line). A line belongs to the range it starts in: a
 * range not at the file's start skips the line running into it, which the range before reads.
 */
public class TextLineFormat implements FileFormat<String> {
  private static final long serialVersionUID = 1L;

  @Override
  public RangeReader<String> open(FileSystem fs, Path file, long from, long to) throws IOException {
    FSDataInputStream in = fs.open(file);
    try {
      return new Lines(in, from, to);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  private static final class Lines implements RangeReader<String> {
    private final FSDataInputStream raw;
    private final LineReader lines;
    private final long to;
    private final Text text = new Text();
    private long pos;

    Lines(FSDataInputStream raw, long from, long to) throws IOException {
      this.raw = raw;
      this.to = to;
      if (from > 0) {
        raw.seek(from - 1); // a newline right before the range means a line starts at its first byte
        lines = new LineReader(raw, 64 * 1024);
        pos = from - 1 + lines.readLine(text);
      } else {
        lines = new LineReader(raw, 64 * 1024);
        pos = 0;
      }
    }

    @Override
    public String read() throws IOException {
      if (pos >= to) {
        return null;
      }
      int n = lines.readLine(text);
      if (n == 0) {
        return null;
      }
      pos += n;
      return text.toString();
    }

    @Override
    public void close() throws IOException {
      raw.close();
    }
  }
}
