package io.weft.api.source;

import io.weft.api.functions.SubtaskInfo;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads the lines of a text file, or of every file in a directory, on any Hadoop FileSystem
 * (file://, hdfs://). Each file is cut into as many byte ranges as there are subtasks; a line
 * belongs to the range in which it starts, so every line is read exactly once.
 */
public final class TextFileSource implements Source<String> {
  private static final long serialVersionUID = 1L;
  private final String path;

  public TextFileSource(String path) {
    this.path = path;
  }

  @Override
  public boolean isBounded() {
    return true;
  }

  @Override
  public SourceReader<String> createReader(SubtaskInfo context) throws IOException {
    Path p = new Path(path);
    FileSystem fs = p.getFileSystem(new org.apache.hadoop.conf.Configuration());
    if (!fs.exists(p)) {
      throw new IOException("Input " + path + " does not exist");
    }
    List<FileStatus> files = new ArrayList<>();
    for (FileStatus s : fs.listStatus(p)) {
      if (s.isFile() && !s.getPath().getName().startsWith(".") && !s.getPath().getName().startsWith("_")) {
        files.add(s);
      }
    }
    files.sort((a, b) -> a.getPath().compareTo(b.getPath()));
    return new Reader(fs, files, context.subtaskIndex(), context.parallelism());
  }

  private static final class Reader implements SourceReader<String> {
    private final FileSystem fs;
    private final List<FileStatus> files;
    private final int subtask;
    private final int parallelism;
    private int fileIndex = -1;
    private RangeReader current;
    /** Bytes of this subtask's ranges in the files before the current one, and in all. */
    private long doneBytes;
    private final long totalBytes;

    Reader(FileSystem fs, List<FileStatus> files, int subtask, int parallelism) {
      this.fs = fs;
      this.files = files;
      this.subtask = subtask;
      this.parallelism = parallelism;
      long total = 0;
      for (FileStatus f : files) {
        total += rangeLength(f);
      }
      this.totalBytes = total;
    }

    private long rangeStart(long len) {
      return len * subtask / parallelism;
    }

    /** Bytes of this subtask's range of {@code file}. */
    private long rangeLength(FileStatus file) {
      return rangeEnd(file.getLen()) - rangeStart(file.getLen());
    }

    private long rangeEnd(long len) {
      return len * (subtask + 1) / parallelism;
    }

    /** Bytes behind us, published once per poll for progress() on another thread. */
    private volatile long readBytes;
    private volatile boolean ended;

    @Override
    public double progress() {
      if (ended) {
        return 1;
      }
      return totalBytes == 0 ? 0 : Math.min(1.0, (double) readBytes / totalBytes);
    }

    @Override
    public InputStatus pollNext(ReaderOutput<String> output) throws IOException {
      readBytes = doneBytes + (current == null ? 0 : current.consumed());
      for (int n = 0; n < 256; n++) {
        if (current == null && !openNext()) {
          ended = true;
          return InputStatus.END_OF_INPUT;
        }
        String line = current.nextLine();
        if (line == null) {
          doneBytes += current.length();
          current.close();
          current = null;
        } else {
          output.collect(line);
        }
      }
      return InputStatus.MORE_AVAILABLE;
    }

    private boolean openNext() throws IOException {
      if (++fileIndex >= files.size()) {
        return false;
      }
      open(-1);
      return true;
    }

    /** Opens file {@code fileIndex} at the start of its range, or at {@code resumeAt} (a line start). */
    private void open(long resumeAt) throws IOException {
      FileStatus file = files.get(fileIndex);
      long len = file.getLen();
      current = new RangeReader(fs.open(file.getPath()), rangeStart(len), rangeEnd(len), resumeAt);
    }

    /** The file being read and the offset of the next line in it (-1: the file is not open yet). */
    @Override
    public byte[] snapshotPosition() {
      long offset = current == null ? -1 : current.position();
      return ByteBuffer.allocate(12).putInt(fileIndex).putLong(offset).array();
    }

    @Override
    public void restorePosition(byte[] position) {
      ByteBuffer b = ByteBuffer.wrap(position);
      int index = b.getInt();
      long offset = b.getLong();
      if (index < -1 || index > files.size()) {
        throw new IllegalStateException("the restored position names file " + index + " of " + files.size()
            + ": did the input files change since the checkpoint?");
      }
      fileIndex = index;
      doneBytes = 0;
      for (int i = 0; i < Math.min(index, files.size()); i++) {
        doneBytes += rangeLength(files.get(i));
      }
      if (offset >= 0 && index < files.size()) {
        try {
          open(offset);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException("cannot reopen " + files.get(index).getPath() + " at " + offset, e);
        }
      }
    }

    @Override
    public void close() throws IOException {
      if (current != null) {
        current.close();
      }
    }
  }

  /** The lines that start in [start, end) of one file. */
  private static final class RangeReader {
    private final FSDataInputStream raw;
    private final InputStream in;
    private final long start;
    private final long end;
    private long pos;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    RangeReader(FSDataInputStream raw, long start, long end, long resumeAt) throws IOException {
      this.raw = raw;
      this.start = start;
      this.end = end;
      if (resumeAt >= start) {
        // Resuming at a line start recorded by a checkpoint.
        raw.seek(resumeAt);
        this.pos = resumeAt;
        this.in = new BufferedInputStream(raw, 64 * 1024);
      } else if (start > 0) {
        // The line running into our range from before belongs to the previous range.
        raw.seek(start - 1);
        this.pos = start - 1;
        this.in = new BufferedInputStream(raw, 64 * 1024);
        skipPastNewline();
      } else {
        this.in = new BufferedInputStream(raw, 64 * 1024);
      }
    }

    /** Where the next line starts in the file. */
    long position() {
      return pos;
    }

    /** Bytes of the range behind us. */
    long consumed() {
      return Math.max(0, Math.min(pos, end) - start);
    }

    long length() {
      return end - start;
    }

    private void skipPastNewline() throws IOException {
      int b;
      while ((b = in.read()) != -1) {
        pos++;
        if (b == '\n') {
          return;
        }
      }
    }

    String nextLine() throws IOException {
      if (pos >= end) {
        return null;
      }
      line.reset();
      int b;
      boolean any = false;
      while ((b = in.read()) != -1) {
        pos++;
        any = true;
        if (b == '\n') {
          break;
        }
        line.write(b);
      }
      if (!any) {
        return null;
      }
      byte[] bytes = line.toByteArray();
      int n = bytes.length;
      if (n > 0 && bytes[n - 1] == '\r') {
        n--;
      }
      return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    void close() throws IOException {
      raw.close();
    }
  }
}
