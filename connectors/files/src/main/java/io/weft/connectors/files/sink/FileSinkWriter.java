package io.weft.connectors.files.sink;

import io.weft.api.sink.twophase.PendingFile;
import io.weft.api.sink.twophase.PrecommittingSinkWriter;
import io.weft.api.sink.twophase.TwoPhaseCommittingSink;
import io.weft.connectors.files.bucket.BucketAssigner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subtask's part files: one open in-progress file per bucket, rolled into a pending list by
 * the rolling policy and all at the barrier, where the pending files become the checkpoint's
 * committables. Part numbers count up per subtask across buckets and are the writer's state, so
 * a restore can tell what was written after the restored checkpoint.
 */
final class FileSinkWriter<T> implements PrecommittingSinkWriter<T, FileSinkCommittable> {
  private static final Logger LOG = LoggerFactory.getLogger(FileSinkWriter.class);
  /** How often, at most, open files are checked against the rolling policy's times. */
  private static final long TIME_CHECK_MS = 1_000;

  private final FileSink<T> sink;
  private final int subtask;
  private final FileSystem fs;
  private final Path base;
  private final Map<String, PartFile<T>> open = new HashMap<>();
  /** Closed files by bucket, in the order they rolled. */
  private final Map<String, List<PartFile.Closed>> rolled = new java.util.LinkedHashMap<>();
  private final AssignerContext context = new AssignerContext();
  private final CompactionBuffers compaction;
  private long nextPart;
  private boolean numbered;
  private long lastTimeCheck;

  FileSinkWriter(FileSink<T> sink, int subtask) throws IOException {
    this.sink = sink;
    this.subtask = subtask;
    this.compaction = sink.compaction == null ? null : new CompactionBuffers(sink.compaction);
    Path dir = new Path(sink.basePath);
    this.fs = dir.getFileSystem(new Configuration());
    this.base = fs.makeQualified(dir);
    fs.setWriteChecksum(false); // no ".crc" companions next to the output on local disks
    fs.mkdirs(base);
  }

  @Override
  public void write(T value, Long timestamp) throws IOException {
    long now = System.currentTimeMillis();
    context.now = now;
    context.timestamp = timestamp;
    String bucket = sink.buckets.getBucketId(value, context);
    PartFile<T> file = open.get(bucket);
    if (file == null) {
      file = openPart(bucket, now);
    }
    file.write(value, now);
    if (sink.rolling.shouldRollOnEvent(file.size())) {
      roll(bucket);
    }
    if (now - lastTimeCheck >= TIME_CHECK_MS) {
      rollOnTime(now);
    }
  }

  @Override
  public void writeWatermark(long watermark) throws IOException {
    context.watermark = watermark;
    long now = System.currentTimeMillis();
    if (now - lastTimeCheck >= TIME_CHECK_MS) {
      rollOnTime(now);
    }
  }

  private PartFile<T> openPart(String bucket, long now) throws IOException {
    if (!numbered) {
      nextPart = firstFreePart(); // a fresh start into a directory that may hold earlier runs' files
      numbered = true;
    }
    long n = nextPart++;
    Path dir = bucketDir(bucket);
    Path inProgress = new Path(dir, sink.names.inProgressName(subtask, n));
    Path committed = new Path(dir, sink.names.committedName(subtask, n));
    FSDataOutputStream out = fs.create(inProgress, true);
    PartFile<T> file;
    try {
      file = new PartFile<>(inProgress, committed, out, sink.encoder,
          sink.bulkWriters == null ? null : sink.bulkWriters.create(out), now);
    } catch (IOException | RuntimeException e) {
      out.close();
      throw e;
    }
    open.put(bucket, file);
    return file;
  }

  /** A bucket's directory; the empty bucket id is the base path itself (Flink's {@code BasePathBucketAssigner}). */
  private Path bucketDir(String bucket) {
    return bucket.isEmpty() ? base : new Path(base, bucket);
  }

  private void roll(String bucket) throws IOException {
    PartFile<T> file = open.remove(bucket);
    rolled.computeIfAbsent(bucket, b -> new ArrayList<>()).add(file.close());
  }

  private void rollOnTime(long now) throws IOException {
    lastTimeCheck = now;
    for (Iterator<Map.Entry<String, PartFile<T>>> it = open.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, PartFile<T>> e = it.next();
      PartFile<T> file = e.getValue();
      if (sink.rolling.shouldRollOnTime(now, file.createdAt, file.lastWriteAt)) {
        it.remove();
        rolled.computeIfAbsent(e.getKey(), b -> new ArrayList<>()).add(file.close());
      }
    }
  }

  /** Every open file closes (durably) and joins the rolled ones: the checkpoint's committables. */
  @Override
  public Collection<FileSinkCommittable> prepareCommit(long checkpointId) throws IOException {
    for (Map.Entry<String, PartFile<T>> e : open.entrySet()) {
      rolled.computeIfAbsent(e.getKey(), b -> new ArrayList<>()).add(e.getValue().close());
    }
    open.clear();
    boolean end = checkpointId == TwoPhaseCommittingSink.END_OF_INPUT;
    List<FileSinkCommittable> committables = new ArrayList<>();
    if (compaction == null) {
      rolled.values().forEach(files -> files.forEach(f -> committables.add(FileSinkCommittable.of(f.file()))));
    } else {
      CompactionBuffers.Handover handover = compaction.checkpoint(rolled, end);
      handover.asIs().forEach(f -> committables.add(FileSinkCommittable.of(f)));
      handover.merges().forEach((bucket, files) -> committables.add(merged(bucket, files)));
    }
    rolled.clear();
    if (sink.partitionCommit != null) {
      committables.add(FileSinkCommittable.watermarkAt(end ? Long.MAX_VALUE : publishedWatermark()));
    }
    return committables;
  }

  /**
   * The event time this checkpoint's commit may claim complete: the watermark, held back to the
   * start of the earliest time bucket whose small files still wait for compaction.
   */
  private long publishedWatermark() {
    long watermark = context.watermark;
    if (compaction != null) {
      for (String bucket : compaction.waitingBuckets()) {
        java.util.OptionalLong start = sink.partitionCommit.buckets().bucketStart(bucket);
        if (start.isPresent()) {
          watermark = Math.min(watermark, start.getAsLong());
        }
      }
    }
    return watermark;
  }

  /** A merge of a bucket's small files into a new part file with its own number (retracted like any other if never committed). */
  private FileSinkCommittable merged(String bucket, List<PendingFile> files) {
    long n = nextPart++;
    Path dir = bucketDir(bucket);
    PendingFile into = new PendingFile(new Path(dir, sink.names.inProgressName(subtask, n)).toString(),
        new Path(dir, sink.names.committedName(subtask, n)).toString());
    return FileSinkCommittable.compacted(into, files.stream().map(PendingFile::inProgress).toList());
  }

  /** Whose files, where, and the next part number: what a restore retracts is numbered from there. */
  @Override
  public byte[] snapshotState(long checkpointId) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(subtask);
    out.writeUTF(base.toString());
    out.writeLong(numbered ? nextPart : firstFreePart());
    if (compaction != null) {
      compaction.write(out);
    }
    out.flush();
    return bytes.toByteArray();
  }

  /**
   * The restored checkpoints' files are committed already. What each subtask taken over wrote after
   * them (in-progress files, and files committed without a completed checkpoint, such as those of a
   * subtask that finished before another failed) goes, since the sources replay it.
   */
  @Override
  public void restore(List<byte[]> states, boolean rescaled) throws IOException {
    if (states.isEmpty() && !rescaled) {
      retract(base, subtask, 0); // restarted without a checkpoint: everything is written again
      nextPart = 0;
      numbered = true;
      return;
    }
    record Owner(int subtask, Path written, long next) {}
    List<Owner> owners = new ArrayList<>();
    for (byte[] state : states) {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
      Owner o = new Owner(in.readInt(), new Path(in.readUTF()), in.readLong());
      if (o.subtask() < 0 || o.next() < 0) {
        throw new IOException("corrupt files sink state: subtask " + o.subtask() + ", next part " + o.next());
      }
      if (compaction != null && in.available() > 0) {
        compaction.read(in);
      }
      owners.add(o);
    }
    boolean ownCovered = false;
    for (Owner o : owners) {
      retract(o.written(), o.subtask(), o.next());
      if (!o.written().equals(base)) {
        retract(base, o.subtask(), o.next());
      }
      if (o.subtask() == subtask) {
        ownCovered = true;
        nextPart = o.next();
        numbered = true;
      }
    }
    if (!ownCovered) {
      retract(base, subtask, Long.MAX_VALUE); // only in-progress leftovers; numbering continues after the rest
    }
  }

  /** Deletes {@code owner}'s in-progress files and its committed ones numbered {@code from} or later, in every bucket. */
  private void retract(Path dir, int owner, long from) throws IOException {
    FileSystem in = dir.getFileSystem(fs.getConf());
    if (!in.exists(dir)) {
      return;
    }
    Set<String> keep = compaction == null ? Set.of() : compaction.paths(); // closed, waiting for compaction
    List<Path> doomed = new ArrayList<>();
    for (Path p : filesUnder(in, dir)) {
      String name = p.getName();
      long n = sink.names.partNumber(name, owner);
      if (n >= 0 && (name.endsWith(".inprogress") || n >= from) && !keep.contains(p.toString())) {
        doomed.add(p);
      }
    }
    for (Path p : doomed) {
      in.delete(p, false);
    }
    if (!doomed.isEmpty()) {
      LOG.info("File sink subtask {} retracted {} files of subtask {} written after its restored checkpoint under {}",
          subtask, doomed.size(), owner, dir);
    }
  }

  /** One past the highest part number of this subtask's files under the base path, 0 if none. */
  private long firstFreePart() throws IOException {
    long next = 0;
    if (fs.exists(base)) {
      for (Path p : filesUnder(fs, base)) {
        next = Math.max(next, sink.names.partNumber(p.getName(), subtask) + 1);
      }
    }
    return next;
  }

  /**
   * Every file under {@code dir}, in all its buckets. Other subtasks delete their own files at the same
   * time (all of a restored job's sink subtasks retract at once), so a file or bucket that vanishes
   * while listing is skipped: {@code listFiles} would fail on it (the local file system looks up each
   * listed file's status and block locations after listing the names).
   */
  private static List<Path> filesUnder(FileSystem in, Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    FileStatus[] entries;
    try {
      entries = in.listStatus(dir);
    } catch (FileNotFoundException e) {
      return files;
    }
    for (FileStatus entry : entries) {
      if (entry.isDirectory()) {
        files.addAll(filesUnder(in, entry.getPath()));
      } else {
        files.add(entry.getPath());
      }
    }
    return files;
  }

  /** Failure or cancellation: open files stay in progress, for the restore to delete. */
  @Override
  public void close() throws IOException {
    IOException first = null;
    for (PartFile<T> file : open.values()) {
      try {
        file.out.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    open.clear();
    if (first != null) {
      throw first;
    }
  }

  private static final class AssignerContext implements BucketAssigner.Context {
    long now;
    long watermark = Long.MIN_VALUE;
    Long timestamp;

    @Override
    public long currentProcessingTime() {
      return now;
    }

    @Override
    public long currentWatermark() {
      return watermark;
    }

    @Override
    public Long timestamp() {
      return timestamp;
    }
  }
}
