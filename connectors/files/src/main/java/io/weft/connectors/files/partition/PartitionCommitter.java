package io.weft.connectors.files.partition;

import io.weft.connectors.files.bucket.DateTimeBucketAssigner;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Partition commit: a time bucket is complete when every sink subtask's event time, as of its last
 * committed checkpoint, passed the bucket's start plus the delay (Flink's {@code
 * sink.partition-commit.trigger = partition-time}; for hourly buckets the delay is at least an
 * hour). Then the policy runs and {@code _SUCCESS} is written into the bucket's directory.
 *
 * <p>The subtasks agree through files, needing no coordinator: each writes the watermark of its
 * committed checkpoint to {@code <base>/.weft-watermarks/<subtask>}; subtask 0 reads all of them
 * after each of its commits and commits the partitions the lowest has passed; at the end of the
 * input every subtask does, so the last to finish commits the rest.
 */
public final class PartitionCommitter {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionCommitter.class);
  public static final String SUCCESS_FILE = "_SUCCESS";
  static final String WATERMARKS = ".weft-watermarks";

  /** What the sink's builder configures. */
  public record Config(DateTimeBucketAssigner<?> buckets, Duration delay, PartitionCommitPolicy policy)
      implements Serializable {}

  private final Config config;
  private final Path base;
  private final int subtask;
  private final int parallelism;
  private final FileSystem fs;
  private final Set<String> committed = new HashSet<>();
  private long written = Long.MIN_VALUE;
  private long scannedAt = Long.MIN_VALUE;

  public PartitionCommitter(Config config, Path base, int subtask, int parallelism, Configuration conf)
      throws IOException {
    this.config = config;
    this.base = base;
    this.subtask = subtask;
    this.parallelism = parallelism;
    this.fs = base.getFileSystem(conf);
  }

  /** A checkpoint at whose barrier this subtask's event time was {@code watermark} is committed. */
  public void committed(long watermark, boolean endOfInput) throws Exception {
    if (watermark > written) {
      Path file = new Path(new Path(base, WATERMARKS), String.valueOf(subtask));
      try (FSDataOutputStream out = fs.create(file, true)) {
        out.writeLong(watermark);
      }
      written = watermark;
    }
    if (subtask != 0 && !endOfInput) {
      return;
    }
    long all = lowestWatermark();
    if (all > scannedAt) {
      scannedAt = all;
      commitPartitionsBefore(all);
    }
  }

  /** The lowest committed watermark over the subtasks; MIN_VALUE while one has none yet. */
  private long lowestWatermark() throws IOException {
    long lowest = Long.MAX_VALUE;
    for (int i = 0; i < parallelism; i++) {
      Path file = new Path(new Path(base, WATERMARKS), String.valueOf(i));
      try (FSDataInputStream in = fs.open(file)) {
        lowest = Math.min(lowest, in.readLong());
      } catch (java.io.FileNotFoundException | java.io.EOFException e) {
        return Long.MIN_VALUE; // not written yet, or being rewritten right now: next time
      }
    }
    return lowest;
  }

  private void commitPartitionsBefore(long watermark) throws Exception {
    int depth = config.buckets().depth();
    scan(base, "", depth, watermark);
  }

  private void scan(Path dir, String relative, int levelsLeft, long watermark) throws Exception {
    if (levelsLeft == 0) {
      commitIfDue(dir, relative, watermark);
      return;
    }
    if (!fs.exists(dir)) {
      return;
    }
    for (FileStatus child : fs.listStatus(dir)) {
      String name = child.getPath().getName();
      if (child.isDirectory() && !name.startsWith(".") && !name.startsWith("_")) {
        scan(child.getPath(), relative.isEmpty() ? name : relative + "/" + name, levelsLeft - 1, watermark);
      }
    }
  }

  private void commitIfDue(Path dir, String partition, long watermark) throws Exception {
    if (committed.contains(partition)) {
      return;
    }
    OptionalLong start = config.buckets().bucketStart(partition);
    if (start.isEmpty() || start.getAsLong() + config.delay().toMillis() > watermark) {
      return;
    }
    Path success = new Path(dir, SUCCESS_FILE);
    if (!fs.exists(success)) {
      if (config.policy() != null) {
        config.policy().commit(partition, dir);
      }
      fs.create(success, true).close();
      LOG.info("File sink subtask {} committed partition {} (watermark {})", subtask, dir, watermark);
    }
    committed.add(partition);
  }
}
