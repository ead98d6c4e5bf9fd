package io.weft.state.rocksdb;

import io.weft.core.types.BoundedIo;
import io.weft.core.types.VarInts;
import io.weft.state.snapshot.IncrementalKeyedStateHandle.NamedFile;
import io.weft.state.snapshot.KeyGroupRange;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.weft.state.snapshot.IncrementalKeyedStateHandle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state changes since the last materialization, as a log of the raw row operations (put,
 * merge, delete) the backend made, for incremental checkpoints that upload what changed rather
 * than what RocksDB's compaction rewrote. Changes spread over the key space make every
 * level-0 flush overlap every file of the next level, so a leveled compaction rewrites most of
 * the database every few checkpoints; the log instead grows by exactly the changed rows.
 *
 * <p>The log is cut into segments, one per checkpoint: {@link #closeSegment} (task thread, in the
 * checkpoint's synchronous part) ends the current local file and starts the next. A segment is
 * uploaded by the first checkpoint that needs it and re-uploaded by a later one until a checkpoint
 * referencing the upload completed (an aborted checkpoint's files may be cleaned away); it is
 * dropped when a materialization covering it completes.
 *
 * <p>Materialization: a checkpoint is a full incremental RocksDB checkpoint instead (which
 * uploads the SSTs it does not share with the last one) when there is no completed one yet or
 * the log since the last completed one has reached {@code materializeRatio} of its size; that
 * bounds what a restore replays. The bookkeeping here is shared by the task thread and the
 * threads that upload and complete checkpoints, hence synchronized.
 *
 * <p>File format: records of {@code op byte, column id varint, key, value} (lengths as varints,
 * no value for deletes); a column's name is defined by a {@code COLUMN} record before its first
 * use in the file; {@code END} closes the file, so a truncated segment is detected.
 */
final class RocksDbChangelog implements AutoCloseable {
  static final byte END = 0;
  static final byte PUT = 1;
  static final byte MERGE = 2;
  static final byte DELETE = 3;
  static final byte COLUMN = 4;

  /** One closed segment: the changes before checkpoint {@code checkpointId}'s synchronous part. */
  static final class Segment {
    final long checkpointId;
    final Path local;
    final long bytes;
    /** Its upload that a completed checkpoint references, so later ones can re-reference it. */
    volatile NamedFile confirmed;

    Segment(long checkpointId, Path local, long bytes) {
      this.checkpointId = checkpointId;
      this.local = local;
      this.bytes = bytes;
    }
  }

  private final Path dir;
  private final double materializeRatio;
  private final List<Segment> segments = new ArrayList<>();
  private IncrementalKeyedStateHandle materialized;
  private final TreeMap<Long, IncrementalKeyedStateHandle> pendingMaterializations = new TreeMap<>();
  private final TreeMap<Long, Map<Segment, NamedFile>> pendingUploads = new TreeMap<>();
  private final Map<String, Integer> columnIds = new HashMap<>();
  /** Off until the first materialization is taken: before it, no checkpoint needs the changes. */
  private boolean active;
  private Path currentFile;
  private DataOutputStream current;
  private long currentBytes;
  private int next;

  RocksDbChangelog(Path dir, double materializeRatio) throws IOException {
    if (!(materializeRatio > 0)) {
      throw new IllegalArgumentException("the changelog's materialization ratio must be positive: " + materializeRatio);
    }
    this.dir = Files.createDirectories(dir);
    this.materializeRatio = materializeRatio;
  }

  /**
   * A materialization was taken (synchronous part): from now on changes are logged. Changes before
   * the first one are in it, so a job whose checkpoints never start logs nothing.
   */
  void activate() {
    active = true;
  }

  void log(byte op, String column, byte[] key, byte[] value) {
    if (!active) {
      return;
    }
    try {
      DataOutputStream out = out();
      Integer id = columnIds.get(column);
      if (id == null) {
        id = columnIds.size();
        columnIds.put(column, id);
        out.writeByte(COLUMN);
        VarInts.writeVarInt(out, id);
        writeBytes(out, column.getBytes(StandardCharsets.UTF_8));
      }
      out.writeByte(op);
      VarInts.writeVarInt(out, id);
      writeBytes(out, key);
      currentBytes += key.length + 4;
      if (op != DELETE) {
        writeBytes(out, value);
        currentBytes += value.length;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the state changelog in " + dir, e);
    }
  }

  private DataOutputStream out() throws IOException {
    if (current == null) {
      currentFile = dir.resolve("changelog-" + (next++));
      current = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(currentFile), 1 << 16));
      columnIds.clear();
      currentBytes = 0;
    }
    return current;
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    VarInts.writeVarInt(out, b.length);
    out.write(b);
  }

  /** Ends the current segment (none if nothing changed) for checkpoint {@code checkpointId}. */
  void closeSegment(long checkpointId) throws IOException {
    if (current == null) {
      return;
    }
    current.writeByte(END);
    current.close();
    current = null;
    synchronized (this) {
      segments.add(new Segment(checkpointId, currentFile, currentBytes));
    }
  }

  /**
   * The completed materialization checkpoint {@code checkpointId} builds on, or null if it must
   * materialize: none completed yet, or the log since it is too long (unless another
   * materialization is already on its way).
   */
  synchronized IncrementalKeyedStateHandle baseFor(long checkpointId) {
    if (materialized == null) {
      return null;
    }
    long logged = 0;
    for (Segment s : segmentsAfter(materialized.checkpointId())) {
      logged += s.bytes;
    }
    boolean tooLong = logged >= materializeRatio * materialized.stateSize();
    return tooLong && pendingMaterializations.isEmpty() ? null : materialized;
  }

  /** The segments after checkpoint {@code afterCheckpoint}, oldest first. */
  synchronized List<Segment> segmentsAfter(long afterCheckpoint) {
    return segments.stream().filter(s -> s.checkpointId > afterCheckpoint).toList();
  }

  synchronized void materializationUploaded(long checkpointId, IncrementalKeyedStateHandle handle) {
    pendingMaterializations.put(checkpointId, handle);
  }

  synchronized void segmentsUploaded(long checkpointId, Map<Segment, NamedFile> uploads) {
    pendingUploads.put(checkpointId, uploads);
  }

  /**
   * Checkpoint {@code checkpointId} completed: its segment uploads may be re-referenced; if it was
   * a materialization, later checkpoints build on it and the segments it covers are deleted.
   */
  synchronized void completed(long checkpointId) throws IOException {
    Map<Segment, NamedFile> uploads = pendingUploads.get(checkpointId);
    if (uploads != null) {
      uploads.forEach((s, f) -> s.confirmed = f);
    }
    pendingUploads.headMap(checkpointId, true).clear();
    IncrementalKeyedStateHandle m = pendingMaterializations.get(checkpointId);
    pendingMaterializations.headMap(checkpointId, true).clear();
    if (m != null) {
      materialized = m;
      for (var it = segments.iterator(); it.hasNext(); ) {
        Segment s = it.next();
        if (s.checkpointId <= checkpointId) {
          Files.deleteIfExists(s.local);
          it.remove();
        }
      }
    }
  }

  @Override
  public void close() {
    if (current != null) {
      try {
        current.close();
      } catch (IOException ignored) {
        // the directory is deleted with the backend's working directory
      }
      current = null;
    }
  }

  /** What replaying applies a row operation to. */
  interface Target {
    void apply(byte op, String column, byte[] key, byte[] value) throws Exception;
  }

  /** Replays one segment file, only the rows of {@code range}'s key groups. */
  static void replay(DataInputStream in, String file, KeyGroupRange range, Target target) throws Exception {
    int max = Integer.MAX_VALUE - 8;
    Map<Integer, String> columns = new HashMap<>();
    while (true) {
      byte op = in.readByte();
      switch (op) {
        case END -> {
          return;
        }
        case COLUMN -> {
          int id = VarInts.readVarInt(in);
          byte[] name = BoundedIo.readBytes(in, BoundedIo.readCount(in, 1 << 16, "a column name"));
          columns.put(id, new String(name, StandardCharsets.UTF_8));
        }
        case PUT, MERGE, DELETE -> {
          String column = columns.get(VarInts.readVarInt(in));
          if (column == null) {
            throw new IOException("corrupt changelog " + file + ": a row of an undefined column");
          }
          byte[] key = BoundedIo.readBytes(in, BoundedIo.readCount(in, max, "a row key"));
          byte[] value = op == DELETE ? null : BoundedIo.readBytes(in, BoundedIo.readCount(in, max, "a row value"));
          if (key.length >= 2 && range.contains(KeyBytes.keyGroupOf(key))) {
            target.apply(op, column, key, value);
          }
        }
        default -> throw new IOException("corrupt changelog " + file + ": unknown record " + op);
      }
    }
  }
}
