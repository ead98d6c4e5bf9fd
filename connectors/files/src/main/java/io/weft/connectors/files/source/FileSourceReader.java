package io.weft.connectors.files.source;

import io.weft.api.source.InputStatus;
import io.weft.api.source.ReaderOutput;
import io.weft.api.source.SourceReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subtask of a {@link FileSource}: lists the directory (once, or every interval), keeps the
 * ranges that hash to it, and reads them one after another. Its position names ranges by file and
 * offset (never by subtask), so any subtask of any parallelism can pick up any of them.
 */
final class FileSourceReader<T> implements SourceReader<T> {
  private static final Logger LOG = LoggerFactory.getLogger(FileSourceReader.class);
  private static final int BATCH = 256;
  /** Records read of the ranges done: a marker in the position. */
  private static final long DONE = -1;

  /** Bytes [from, to) of a file. */
  private record Range(String file, long from, long to) {
    String key() {
      return file + "@" + from;
    }
  }

  private final FileSource<T> source;
  private final int subtask;
  private final int parallelism;
  private final FileSystem fs;
  private final Path root;
  /** Ranges read to their end. */
  private final Set<String> done = new HashSet<>();
  /** Records already read of ranges a restore found in progress. */
  private final Map<String, Long> resumeAt = new HashMap<>();
  /** Ranges queued, in progress or done: what a listing does not add again. */
  private final Set<String> known = new HashSet<>();
  private final ArrayDeque<Range> todo = new ArrayDeque<>();
  private Range current;
  private FileFormat.RangeReader<T> reader;
  private long readInCurrent;
  private boolean listed;
  private long nextListing;

  FileSourceReader(FileSource<T> source, int subtask, int parallelism) throws IOException {
    this.source = source;
    this.subtask = subtask;
    this.parallelism = parallelism;
    Path p = new Path(source.path);
    this.fs = p.getFileSystem(new Configuration());
    this.root = fs.makeQualified(p);
    if (source.discoveryInterval == null && !fs.exists(root)) {
      throw new IOException("FileSource input " + source.path + " does not exist");
    }
  }

  private boolean mine(String key) {
    return Math.floorMod(key.hashCode(), parallelism) == subtask;
  }

  @Override
  public InputStatus pollNext(ReaderOutput<T> output) throws IOException {
    for (int n = 0; n < BATCH; n++) {
      if (reader == null && !openNext()) {
        if (source.discoveryInterval == null) {
          return listed ? InputStatus.END_OF_INPUT : InputStatus.MORE_AVAILABLE;
        }
        return InputStatus.NOTHING_AVAILABLE;
      }
      T record = reader.read();
      if (record == null) {
        finishCurrent();
      } else {
        readInCurrent++;
        output.collect(record);
      }
    }
    return InputStatus.MORE_AVAILABLE;
  }

  private boolean openNext() throws IOException {
    long now = System.currentTimeMillis();
    if (!listed || (todo.isEmpty() && source.discoveryInterval != null && now >= nextListing)) {
      list();
      listed = true;
      nextListing = source.discoveryInterval == null ? Long.MAX_VALUE : now + source.discoveryInterval.toMillis();
    }
    current = todo.poll();
    if (current == null) {
      return false;
    }
    reader = source.format.open(fs, new Path(current.file()), current.from(), current.to());
    readInCurrent = 0;
    long skip = resumeAt.getOrDefault(current.key(), 0L);
    for (long i = 0; i < skip; i++) {
      if (reader.read() == null) {
        throw new IOException("FileSource: " + current.file() + " from byte " + current.from() + " has fewer than the "
            + skip + " records the checkpoint read of it: did the file change since?");
      }
      readInCurrent++;
    }
    return true;
  }

  private void finishCurrent() throws IOException {
    reader.close();
    reader = null;
    done.add(current.key());
    resumeAt.remove(current.key());
    current = null;
  }

  /** Queues the ranges of files not seen before that hash to this subtask. */
  private void list() throws IOException {
    if (!fs.exists(root)) {
      return;
    }
    int files = 0;
    int added = 0;
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
    while (it.hasNext()) {
      LocatedFileStatus f = it.next();
      String relative = relative(f.getPath());
      if (relative == null || !source.filter.accept(relative)) {
        continue;
      }
      files++;
      long len = f.getLen();
      long size = source.format.isSplittable() ? source.splitSize : Math.max(len, 1);
      for (long from = 0; from < len || from == 0; from += size) {
        Range r = new Range(f.getPath().toString(), from, Math.min(len, from + size));
        if (mine(r.key()) && known.add(r.key()) && !done.contains(r.key())) {
          todo.add(r);
          added++;
        }
      }
    }
    if (added > 0) {
      LOG.info("FileSource subtask {}: {} new ranges to read under {} ({} files listed)", subtask, added, root, files);
    }
  }

  /** The path under the root, or null for a hidden file (a name on the way starting with '.' or '_'). */
  private String relative(Path file) {
    String rootPath = root.toUri().getPath();
    String path = file.toUri().getPath();
    String relative = path.startsWith(rootPath) ? path.substring(rootPath.length()) : file.getName();
    relative = relative.startsWith("/") ? relative.substring(1) : relative;
    if (relative.isEmpty()) {
      relative = file.getName(); // the root is a single file
    }
    for (String part : relative.split("/")) {
      if (part.startsWith(".") || part.startsWith("_")) {
        return null;
      }
    }
    return relative;
  }

  /** {@code count:int}, then per range its key and the records read of it ({@link #DONE} when finished). */
  @Override
  public byte[] snapshotPosition() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      Map<String, Long> inProgress = new HashMap<>(resumeAt);
      if (current != null) {
        inProgress.put(current.key(), readInCurrent);
      }
      out.writeInt(done.size() + inProgress.size());
      for (String key : done) {
        out.writeUTF(key);
        out.writeLong(DONE);
      }
      for (Map.Entry<String, Long> e : inProgress.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeLong(e.getValue());
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void restorePosition(byte[] position) {
    restoreRescaled(List.of(position));
  }

  /** Every old subtask's ranges: this subtask keeps those that hash to it at the new parallelism. */
  @Override
  public void restoreRescaled(List<byte[]> positionsOfEveryOldSubtask) {
    for (byte[] position : positionsOfEveryOldSubtask) {
      if (position == null) {
        continue;
      }
      try {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(position));
        int n = in.readInt();
        if (n < 0 || n > position.length / 10) {
          throw new IllegalStateException("corrupt FileSource position: " + n + " ranges in " + position.length + " bytes");
        }
        for (int i = 0; i < n; i++) {
          String key = in.readUTF();
          long read = in.readLong();
          if (!mine(key)) {
            continue;
          }
          if (read == DONE) {
            done.add(key);
          } else {
            resumeAt.put(key, read);
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("corrupt FileSource position", e);
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }
}
