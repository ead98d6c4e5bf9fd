package io.weft.connectors.files.source;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Lines turned into records by a parser (CSV, JSON lines); a line that does not parse fails naming file and line. */
abstract class MappedLineFormat<T> implements FileFormat<T> {
  private static final long serialVersionUID = 1L;
  private final TextLineFormat lines = new TextLineFormat();

  /** The record of one line, null to skip it (an empty line). */
  abstract T parse(String line) throws Exception;

  @Override
  public RangeReader<T> open(FileSystem fs, Path file, long from, long to) throws IOException {
    RangeReader<String> in = lines.open(fs, file, from, to);
    return new RangeReader<>() {
      @Override
      public T read() throws IOException {
        for (String line = in.read(); line != null; line = in.read()) {
          if (line.isBlank()) {
            continue;
          }
          try {
            T record = parse(line);
            if (record != null) {
              return record;
            }
          } catch (Exception e) {
            throw new IOException("cannot parse a line of " + file + " (range from byte " + from + "): " + e.getMessage()
                + "; the line: " + (line.length() > 200 ? line.substring(0, 200) + "..." : line), e);
          }
        }
        return null;
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }
}
