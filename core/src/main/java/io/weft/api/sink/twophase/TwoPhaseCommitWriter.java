package io.weft.api.sink.twophase;

import io.weft.api.functions.SubtaskInfo;
import io.weft.api.sink.SinkWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a {@link TwoPhaseCommittingSink} as the engine's {@link SinkWriter}: keeps the prepared
 * committables by checkpoint, puts them with the writer's state into the checkpoint, commits them
 * when their checkpoint completes, and commits a restored checkpoint's again before the writer
 * retracts the rest.
 *
 * <p>State: magic, the committable serializer's version, the writer's state (length, -1 for none),
 * then per pending checkpoint its id and its committables.
 */
final class TwoPhaseCommitWriter<T, C> implements SinkWriter<T> {
  private static final int MAGIC = 0x57325043; // "W2PC"
  private static final int MAX_COMMITTABLES = 1_000_000;

  private final PrecommittingSinkWriter<T, C> writer;
  private final Committer<C> committer;
  private final CommittableSerializer<C> serializer;
  private final String sinkName;
  /** Whether the end of input's committables wait for the job's final checkpoint (else they commit at once). */
  private final boolean endsWithFinalCheckpoint;
  /** Prepared and not yet committed, by checkpoint id. */
  private final TreeMap<Long, List<C>> pending = new TreeMap<>();

  TwoPhaseCommitWriter(TwoPhaseCommittingSink<T, C> sink, SubtaskInfo context) throws Exception {
    this.sinkName = sink.getClass().getSimpleName() + " subtask " + context.subtaskIndex();
    this.endsWithFinalCheckpoint = context.endsWithFinalCheckpoint();
    this.serializer = sink.getCommittableSerializer();
    this.writer = sink.createPrecommittingWriter(context);
    Committer<C> c;
    try {
      c = sink.createCommitter(context);
    } catch (Exception | Error e) {
      writer.close();
      throw e;
    }
    this.committer = c;
  }

  @Override
  public void write(T value, Long timestamp) throws Exception {
    writer.write(value, timestamp);
  }

  @Override
  public void writeWatermark(long watermark) throws Exception {
    writer.writeWatermark(watermark);
  }

  @Override
  public byte[] snapshotState(long checkpointId) throws Exception {
    // What the end of input prepared goes with the first checkpoint after it (the final one, or a
    // periodic one before it), and commits when that checkpoint completes.
    List<C> tail = pending.remove(TwoPhaseCommittingSink.END_OF_INPUT);
    if (tail != null) {
      pending.computeIfAbsent(checkpointId, id -> new ArrayList<>()).addAll(tail);
    }
    prepare(checkpointId);
    byte[] writerState = writer.snapshotState(checkpointId);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(MAGIC);
    out.writeInt(serializer.getVersion());
    writeBytes(out, writerState);
    out.writeInt(pending.size());
    for (Map.Entry<Long, List<C>> e : pending.entrySet()) {
      out.writeLong(e.getKey());
      out.writeInt(e.getValue().size());
      for (C committable : e.getValue()) {
        writeBytes(out, serializer.serialize(committable));
      }
    }
    out.flush();
    return bytes.toByteArray();
  }

  private void prepare(long checkpointId) throws Exception {
    Collection<C> prepared = writer.prepareCommit(checkpointId);
    if (!prepared.isEmpty()) {
      pending.computeIfAbsent(checkpointId, id -> new ArrayList<>()).addAll(prepared);
    }
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) throws Exception {
    Map<Long, List<C>> due = pending.headMap(checkpointId, true);
    for (var it = due.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, List<C>> e = it.next();
      committer.commit(e.getKey(), e.getValue(), false);
      it.remove();
    }
  }

  @Override
  public void restoreState(byte[] state) throws Exception {
    restore(state == null ? List.of() : List.of(state), false);
  }

  @Override
  public void restoreRescaled(List<byte[]> states) throws Exception {
    restore(states, true);
  }

  /** The restored checkpoints completed: their committables are committed first, then the writer cleans up. */
  private void restore(List<byte[]> states, boolean rescaled) throws Exception {
    List<byte[]> writerStates = new ArrayList<>();
    for (byte[] state : states) {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
      if (in.readInt() != MAGIC) {
        throw new IOException(sinkName + ": the restored state was not written by a two-phase-commit sink");
      }
      int version = in.readInt();
      byte[] writerState = readBytes(in);
      if (writerState != null) {
        writerStates.add(writerState);
      }
      int checkpoints = in.readInt();
      checkCount(checkpoints);
      for (int i = 0; i < checkpoints; i++) {
        long checkpointId = in.readLong();
        int n = in.readInt();
        checkCount(n);
        List<C> committables = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
          committables.add(serializer.deserialize(version, readBytes(in)));
        }
        committer.commit(checkpointId, committables, true);
      }
    }
    writer.restore(writerStates, rescaled);
  }

  private void checkCount(int n) throws IOException {
    if (n < 0 || n > MAX_COMMITTABLES) {
      throw new IOException(sinkName + ": corrupt restored state (" + n + " entries, at most " + MAX_COMMITTABLES + ")");
    }
  }

  /**
   * The input ended: prepares the rest. With a final checkpoint to come it is committed when that
   * checkpoint completes, so a failure before then restores a state that holds it; without one
   * (no checkpoints, BATCH) everything pending commits now.
   */
  @Override
  public void finish() throws Exception {
    prepare(TwoPhaseCommittingSink.END_OF_INPUT);
    if (!endsWithFinalCheckpoint) {
      notifyCheckpointComplete(TwoPhaseCommittingSink.END_OF_INPUT);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      writer.close();
    } finally {
      committer.close();
    }
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    if (bytes == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(bytes.length);
      out.write(bytes);
    }
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n == -1) {
      return null;
    }
    if (n < 0 || n > in.available()) {
      throw new IOException("corrupt two-phase-commit sink state: a field of " + n + " bytes, " + in.available() + " left");
    }
    byte[] bytes = new byte[n];
    in.readFully(bytes);
    return bytes;
  }
}
