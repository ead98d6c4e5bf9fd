package io.weft.state.rocksdb;

import io.weft.state.snapshot.IncrementalKeyedStateHandle.NamedFile;
import io.weft.state.snapshot.KeyGroupRange;
import io.weft.state.snapshot.SnapshotFiles;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.rocksdb.EnvOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileWriter;
import org.rocksdb.StringAppendOperator;

/**
 * Turns changelog segments into sorted SST files for a restore to ingest, instead of replaying
 * them row by row through the memtables. Why: replaying half the state as single writes cost as
 * much as downloading the materialization; this needs no database, so it runs while the
 * materialization downloads, and ingesting its files afterwards only links them in.
 *
 * <p>The rows of {@code range} are gathered in memory, per column and key, up to
 * {@link #CHUNK_BYTES}, then written as one SST file per column: a chunk holds the last operation
 * per key of its stretch of the log, with merges folded the way the backend's append merge
 * operator (no delimiter) folds them. Chunks must be ingested in order: each one's writes
 * come after the previous one's, and ingestion gives every file a sequence number above all
 * earlier data. Deletes become tombstones, so a delete replayed deletes.
 */
final class RocksDbChangelogSorter {
  /** Rows (keys and values) held in memory before they are written out as SST files. */
  static final long CHUNK_BYTES = 64L << 20;
  /** {@link #CHUNK_BYTES}, which tests make tiny so that a restore crosses many chunks. */
  static volatile long chunkBytes = CHUNK_BYTES;

  /** The SST files of one chunk, by column name. */
  record Chunk(Map<String, Path> files) {}

  /** The last operation on a key within a chunk. */
  private static final class Op {
    byte kind;
    byte[] value;

    Op(byte kind, byte[] value) {
      this.kind = kind;
      this.value = value;
    }

    /** Applies a later operation on the same key. */
    void then(byte nextKind, byte[] next) {
      if (nextKind != RocksDbChangelog.MERGE) {
        kind = nextKind;
        value = next;
      } else if (kind == RocksDbChangelog.DELETE) {
        kind = RocksDbChangelog.PUT; // merging into nothing: the operand alone
        value = next;
      } else {
        byte[] joined = Arrays.copyOf(value, value.length + next.length); // the append operator
        System.arraycopy(next, 0, joined, value.length, next.length);
        value = joined;
      }
    }
  }

  private final Path dir;
  private final KeyGroupRange range;
  private final Configuration hadoopConf;
  private final Map<String, TreeMap<byte[], Op>> rows = new LinkedHashMap<>();
  private final List<Chunk> chunks = new ArrayList<>();
  private long bytes;
  private int files;

  RocksDbChangelogSorter(Path dir, KeyGroupRange range, Configuration hadoopConf) {
    this.dir = dir;
    this.range = range;
    this.hadoopConf = hadoopConf;
  }

  /** Reads the segments, oldest first, into chunks of SST files under the directory. */
  List<Chunk> sort(List<NamedFile> segments) throws Exception {
    Files.createDirectories(dir);
    try (StringAppendOperator append = new StringAppendOperator("");
        Options options = new Options().setMergeOperator(append);
        EnvOptions env = new EnvOptions()) {
      for (NamedFile f : segments) {
        try (DataInputStream in = new DataInputStream(
            new BufferedInputStream(SnapshotFiles.open(f.path(), hadoopConf), 1 << 16))) {
          RocksDbChangelog.replay(in, f.path(), range, (op, column, key, value) -> {
            Op last = rows.computeIfAbsent(column, c -> new TreeMap<>(Arrays::compareUnsigned)).get(key);
            if (last == null) {
              rows.get(column).put(key, new Op(op, value));
              bytes += key.length;
            } else {
              last.then(op, value);
            }
            bytes += value == null ? 0 : value.length;
            if (bytes >= chunkBytes) {
              writeChunk(options, env);
            }
          });
        }
      }
      writeChunk(options, env);
    }
    return chunks;
  }

  private void writeChunk(Options options, EnvOptions env) throws RocksDBException {
    Map<String, Path> written = new LinkedHashMap<>();
    for (Map.Entry<String, TreeMap<byte[], Op>> column : rows.entrySet()) {
      if (column.getValue().isEmpty()) {
        continue;
      }
      Path file = dir.resolve("changelog-" + (files++) + ".sst");
      try (SstFileWriter w = new SstFileWriter(env, options)) {
        w.open(file.toString());
        for (Map.Entry<byte[], Op> row : column.getValue().entrySet()) {
          Op op = row.getValue();
          switch (op.kind) {
            case RocksDbChangelog.PUT -> w.put(row.getKey(), op.value);
            case RocksDbChangelog.MERGE -> w.merge(row.getKey(), op.value);
            default -> w.delete(row.getKey());
          }
        }
        w.finish();
      }
      written.put(column.getKey(), file);
    }
    if (!written.isEmpty()) {
      chunks.add(new Chunk(written));
    }
    rows.clear();
    bytes = 0;
  }
}
