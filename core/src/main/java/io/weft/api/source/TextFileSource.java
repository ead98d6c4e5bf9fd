package io.weft.api.source;

import io.weft.api.functions.SubtaskInfo;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads the lines of a text file, or of every file in a directory, on any Hadoop FileSystem
 * (file://, hdfs://). Each file is cut into as many byte ranges as there are subtasks; a line
 * belongs to the range in which it starts, so every line is read exactly once. Its position
 * restores at any parallelism.
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

  /** The lines that start in bytes [from, to) of file {@code file} (an index into the sorted list). */
  private record Span(int file, long from, long to) {
    long length() {
      return to - from;
    }
  }

  /**
   * Reads a queue of spans. A fresh reader's spans are its range of each file; a checkpoint records
   * the spans left, the first starting at the next line. Restored at another parallelism, a reader
   * takes, of every old subtask's spans left, the parts inside its own ranges: lines still belong
   * to the span they start in, so each is read once.
   */
  private static final class Reader implements SourceReader<String> {
    private final FileSystem fs;
    private final List<FileStatus> files;
    private final int subtask;
    private final int parallelism;
    private final ArrayDeque<Span> todo = new ArrayDeque<>();
    private Span span;
    private RangeReader current;
    /** Bytes of the spans finished, and of all this reader was given. */
    private long doneBytes;
    private long totalBytes;

    Reader(FileSystem fs, List<FileStatus> files, int subtask, int parallelism) {
      this.fs = fs;
      this.files = files;
      this.subtask = subtask;
      this.parallelism = parallelism;
      assign(rangesOf(subtask, parallelism, 0));
    }

    /** Subtask {@code k} of {@code p}'s range of every file from {@code firstFile} on. */
    private List<Span> rangesOf(int k, int p, int firstFile) {
      List<Span> spans = new ArrayList<>();
      for (int i = firstFile; i < files.size(); i++) {
        spans.add(range(i, k, p));
      }
      return spans;
    }

    /** Subtask {@code k} of {@code p}'s byte range of file {@code file}. */
    private Span range(int file, int k, int p) {
      long len = files.get(file).getLen();
      return new Span(file, len * k / p, len * (k + 1) / p);
    }

    private void assign(List<Span> spans) {
      todo.clear();
      totalBytes = 0;
      doneBytes = 0;
      for (Span sp : spans) {
        if (sp.length() > 0) {
          todo.add(sp);
          totalBytes += sp.length();
        }
      }
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
          doneBytes += span.length();
          current.close();
          current = null;
          span = null;
        } else {
          output.collect(line);
        }
      }
      return InputStatus.MORE_AVAILABLE;
    }

    private boolean openNext() throws IOException {
      span = todo.poll();
      if (span == null) {
        return false;
      }
      current = new RangeReader(fs.open(files.get(span.file()).getPath()), span.from(), span.to());
      return true;
    }

    /** The spans left: {@code count:int}, then {@code file:int from:long to:long} each. */
    @Override
    public byte[] snapshotPosition() {
      List<Span> left = new ArrayList<>();
      if (current != null && current.position() < span.to()) {
        left.add(new Span(span.file(), current.position(), span.to()));
      }
      left.addAll(todo);
      ByteBuffer b = ByteBuffer.allocate(4 + 20 * left.size()).putInt(left.size());
      for (Span sp : left) {
        b.putInt(sp.file()).putLong(sp.from()).putLong(sp.to());
      }
      return b.array();
    }

    @Override
    public void restorePosition(byte[] position) {
      assign(spansOf(position, subtask, parallelism));
    }

    @Override
    public void restoreRescaled(List<byte[]> positionsOfEveryOldSubtask) {
      int oldParallelism = positionsOfEveryOldSubtask.size();
      List<Span> mine = new ArrayList<>();
      for (int j = 0; j < oldParallelism; j++) {
        byte[] position = positionsOfEveryOldSubtask.get(j);
        List<Span> left = position == null ? rangesOf(j, oldParallelism, 0) : spansOf(position, j, oldParallelism);
        for (Span sp : left) {
          Span own = range(sp.file(), subtask, parallelism);
          long from = Math.max(sp.from(), own.from());
          long to = Math.min(sp.to(), own.to());
          if (from < to) {
            mine.add(new Span(sp.file(), from, to));
          }
        }
      }
      mine.sort(Comparator.comparingInt(Span::file).thenComparingLong(Span::from));
      assign(mine);
    }

    /**
     * The spans a position of subtask {@code k} of {@code p} leaves. Also reads the 12-byte
     * positions of earlier versions: {@code file:int offset:long}, the file being read and its next
     * line (-1: that file is done or, with file -1, none was opened).
     */
    private List<Span> spansOf(byte[] position, int k, int p) {
      ByteBuffer b = ByteBuffer.wrap(position);
      List<Span> spans = new ArrayList<>();
      if (position.length == 12) {
        int index = b.getInt();
        long offset = b.getLong();
        checkFile(index, index >= -1 && index <= files.size());
        if (offset >= 0 && index >= 0 && index < files.size()) {
          spans.add(new Span(index, offset, range(index, k, p).to()));
        }
        spans.addAll(rangesOf(k, p, index + 1));
        return spans;
      }
      int count = b.getInt();
      if (count < 0 || position.length != 4 + 20L * count) {
        throw new IllegalStateException("corrupt text-file position: " + position.length + " bytes for " + count
            + " spans");
      }
      for (int i = 0; i < count; i++) {
        int file = b.getInt();
        long from = b.getLong();
        long to = b.getLong();
        checkFile(file, file >= 0 && file < files.size() && 0 <= from && from <= to
            && to <= files.get(file).getLen());
        spans.add(new Span(file, from, to));
      }
      return spans;
    }

    private void checkFile(int index, boolean ok) {
      if (!ok) {
        throw new IllegalStateException("the restored position names bytes of file " + index + " of " + files.size()
            + " that it does not have: did the input files change since the checkpoint?");
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

    RangeReader(FSDataInputStream raw, long start, long end) throws IOException {
      this.raw = raw;
      this.start = start;
      this.end = end;
      if (start > 0) {
        // The line running into the span from before belongs to the span before; a span that
        // starts at a line start (a resumed one) finds the newline right behind it.
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
