package io.weft.connectors.files.sink;

import io.weft.api.functions.SubtaskInfo;
import io.weft.api.sink.twophase.CommittableSerializer;
import io.weft.api.sink.twophase.Committer;
import io.weft.api.sink.twophase.PendingFileCommitter;
import io.weft.api.sink.twophase.PrecommittingSinkWriter;
import io.weft.api.sink.twophase.TwoPhaseCommittingSink;
import io.weft.connectors.files.bucket.BucketAssigner;
import io.weft.connectors.files.bucket.DateTimeBucketAssigner;
import io.weft.connectors.files.format.BulkWriter;
import io.weft.connectors.files.format.Encoder;
import io.weft.connectors.files.partition.PartitionCommitPolicy;
import io.weft.connectors.files.partition.PartitionCommitter;
import io.weft.connectors.files.source.FileFormat;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Files as data teams write them (Flink's {@code FileSink}), exactly once through the engine's
 * {@link TwoPhaseCommittingSink}: elements go into buckets (directories under the base path, e.g.
 * {@code dt=2026-12-06/hour=13}), each bucket into hidden in-progress part files that roll by the
 * {@link RollingPolicy} (row formats) and at every checkpoint; a checkpoint's completion renames
 * them to {@code part-<subtask>-<n>}. With {@link Builder#withPartitionCommit} a time bucket gets
 * {@code _SUCCESS} once every subtask's event time passed its start plus a delay.
 *
 * <pre>{@code
 * stream.sinkTo(FileSink.forBulkFormat("hdfs:///tables/clicks", ParquetAvroWriters.forReflectRecord(Click.class))
 *     .withBucketAssigner(DateTimeBucketAssigner.eventTime("'dt='yyyy-MM-dd'/hour='HH", ZoneOffset.UTC))
 *     .withPartitionCommit(Duration.ofHours(1))
 *     .build());
 * }</pre>
 */
public final class FileSink<T> implements TwoPhaseCommittingSink<T, FileSinkCommittable> {
  private static final long serialVersionUID = 1L;

  final String basePath;
  final Encoder<T> encoder;
  final BulkWriter.Factory<T> bulkWriters;
  final BucketAssigner<T> buckets;
  final RollingPolicy rolling;
  final OutputFileConfig names;
  final PartitionCommitter.Config partitionCommit;
  final Compaction<T> compaction;

  private FileSink(Builder<T> b) {
    this.basePath = b.basePath;
    this.encoder = b.encoder;
    this.bulkWriters = b.bulkWriters;
    this.buckets = b.buckets;
    this.rolling = b.rolling;
    this.names = b.names;
    this.partitionCommit = b.partitionCommitDelay == null ? null
        : new PartitionCommitter.Config(timeBuckets(b.buckets), b.partitionCommitDelay, b.policy);
    this.compaction = b.compaction;
  }

  /**
   * Small-file compaction (Flink's {@code enableCompact}): a subtask's files of a bucket below
   * {@code targetSize} bytes wait, hidden, over checkpoints until together they reach it, the bucket
   * gets nothing new for a checkpoint, or {@code maxCheckpoints} passed; then the commit of that
   * checkpoint merges them into one part file. Bulk formats need {@code readBack}, the format that
   * reads what they write. Waiting files hold back partition commit of their bucket.
   */
  public record Compaction<T>(long targetSize, FileFormat<T> readBack, int maxCheckpoints)
      implements java.io.Serializable {}

  private static DateTimeBucketAssigner<?> timeBuckets(BucketAssigner<?> buckets) {
    if (buckets instanceof DateTimeBucketAssigner<?> time) {
      return time;
    }
    throw new IllegalArgumentException("partition commit needs time buckets (DateTimeBucketAssigner), not "
        + buckets.getClass().getName() + ": only a time bucket can be known complete from the watermark");
  }

  /** Row formats: an {@link Encoder} per element; files roll by the rolling policy and at checkpoints. */
  public static <T> Builder<T> forRowFormat(String basePath, Encoder<T> encoder) {
    return new Builder<>(basePath, encoder, null);
  }

  /** Bulk formats (Parquet, Avro): files roll at every checkpoint. */
  public static <T> Builder<T> forBulkFormat(String basePath, BulkWriter.Factory<T> writers) {
    return new Builder<>(basePath, null, writers);
  }

  @Override
  public PrecommittingSinkWriter<T, FileSinkCommittable> createPrecommittingWriter(SubtaskInfo context)
      throws IOException {
    return new FileSinkWriter<>(this, context.subtaskIndex());
  }

  @Override
  public Committer<FileSinkCommittable> createCommitter(SubtaskInfo context) throws IOException {
    Configuration conf = new Configuration();
    PendingFileCommitter files = new PendingFileCommitter(conf);
    PartitionCommitter partitions = partitionCommit == null ? null
        : new PartitionCommitter(partitionCommit, new Path(basePath), context.subtaskIndex(), context.parallelism(), conf);
    Compactor<T> compactor = new Compactor<>(this, files);
    FileSystem fs = new Path(basePath).getFileSystem(conf);
    return (checkpointId, committables, recovered) -> commit(files, compactor, fs, partitions, checkpointId, committables);
  }

  /** Files first, then the watermark they were written under: a partition commit never runs ahead of its files. */
  private static <T> void commit(PendingFileCommitter files, Compactor<T> compactor, FileSystem fs,
      PartitionCommitter partitions, long checkpointId, Collection<FileSinkCommittable> committables) throws Exception {
    long watermark = Long.MIN_VALUE;
    for (FileSinkCommittable c : committables) {
      if (c.file() != null && c.compactedFrom().isEmpty()) {
        files.commit(c.file());
      } else if (c.file() != null) {
        compactor.commit(c.file(), c.compactedFrom(), fs);
      }
      watermark = Math.max(watermark, c.watermark());
    }
    if (partitions != null && watermark > Long.MIN_VALUE) {
      // The end of input's watermark is Long.MAX_VALUE; with a final checkpoint it commits under that checkpoint's id.
      partitions.committed(watermark, checkpointId == END_OF_INPUT || watermark == Long.MAX_VALUE);
    }
  }

  @Override
  public CommittableSerializer<FileSinkCommittable> getCommittableSerializer() {
    return FileSinkCommittable.SERIALIZER;
  }

  /** Configures a {@link FileSink}; every setting has Flink's default. */
  public static final class Builder<T> {
    private final String basePath;
    private final Encoder<T> encoder;
    private final BulkWriter.Factory<T> bulkWriters;
    private BucketAssigner<T> buckets = DateTimeBucketAssigner.processingTime();
    private RollingPolicy rolling;
    private OutputFileConfig names = OutputFileConfig.defaults();
    private Duration partitionCommitDelay;
    private PartitionCommitPolicy policy;
    private Compaction<T> compaction;

    private Builder(String basePath, Encoder<T> encoder, BulkWriter.Factory<T> bulkWriters) {
      if (basePath == null || basePath.isBlank()) {
        throw new IllegalArgumentException("FileSink needs a base path");
      }
      this.basePath = basePath;
      this.encoder = encoder;
      this.bulkWriters = bulkWriters;
      this.rolling = encoder != null ? RollingPolicy.defaults() : RollingPolicy.onCheckpointOnly();
    }

    public Builder<T> withBucketAssigner(BucketAssigner<T> assigner) {
      this.buckets = assigner;
      return this;
    }

    /** Row formats only: bulk formats roll at checkpoints, as Flink's do. */
    public Builder<T> withRollingPolicy(RollingPolicy policy) {
      if (encoder == null) {
        throw new IllegalStateException("a bulk format rolls at every checkpoint; withRollingPolicy is for row formats");
      }
      this.rolling = policy;
      return this;
    }

    public Builder<T> withOutputFileConfig(OutputFileConfig config) {
      this.names = config;
      return this;
    }

    /**
     * Writes {@code _SUCCESS} into a time bucket once the watermark passed its start plus {@code
     * delay} at every subtask (for hourly buckets at least an hour). Needs a {@link DateTimeBucketAssigner}.
     */
    public Builder<T> withPartitionCommit(Duration delay) {
      if (delay.isNegative()) {
        throw new IllegalArgumentException("partition commit delay " + delay + " is negative");
      }
      this.partitionCommitDelay = delay;
      return this;
    }

    /** Runs before each {@code _SUCCESS} is written; needs {@link #withPartitionCommit}. */
    public Builder<T> withPartitionCommitPolicy(PartitionCommitPolicy policy) {
      this.policy = policy;
      return this;
    }

    /** Row formats: merges a bucket's small files (see {@link Compaction}) by concatenation. */
    public Builder<T> enableCompaction(long targetSize, int maxCheckpoints) {
      if (bulkWriters != null) {
        throw new IllegalStateException("compacting a bulk format needs the format to read it back: "
            + "enableCompaction(targetSize, maxCheckpoints, e.g. ParquetAvroFormat.forReflectRecord(type))");
      }
      return compaction(targetSize, maxCheckpoints, null);
    }

    /** Bulk formats: merges small files by reading them with {@code readBack} and writing them again. */
    public Builder<T> enableCompaction(long targetSize, int maxCheckpoints, FileFormat<T> readBack) {
      return compaction(targetSize, maxCheckpoints, java.util.Objects.requireNonNull(readBack, "readBack"));
    }

    private Builder<T> compaction(long targetSize, int maxCheckpoints, FileFormat<T> readBack) {
      if (targetSize < 1 || maxCheckpoints < 1) {
        throw new IllegalArgumentException("compaction: target size " + targetSize + " bytes and checkpoints to wait "
            + maxCheckpoints + " must be at least 1");
      }
      this.compaction = new Compaction<>(targetSize, readBack, maxCheckpoints);
      return this;
    }

    public FileSink<T> build() {
      if (policy != null && partitionCommitDelay == null) {
        throw new IllegalStateException("withPartitionCommitPolicy needs withPartitionCommit(delay)");
      }
      return new FileSink<>(this);
    }
  }
}
