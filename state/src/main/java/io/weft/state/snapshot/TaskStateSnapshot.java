package io.weft.state.snapshot;

import io.weft.state.operator.OperatorStateHandle;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one subtask's state went in a checkpoint: per operator of its chain that has state, the
 * operator's node id, its uid (if the user gave one), its keyed state handle, its own state, its
 * timers (a key-grouped file like keyed state) and its user function's operator state lists. This
 * is what a task acknowledges and what the checkpoint's metadata keeps for it; explicit binary,
 * versioned (version 1 had no timers nor function state, version 2 no finished flag; both are
 * still read, their operators as not finished).
 *
 * <p>A subtask whose chain had finished (its input ended and {@code finish()} ran) when the
 * snapshot was taken lists every operator of its chain, stateless ones too, with {@code finished}
 * set: a restore marks an operator whose every subtask did so as fully finished and does not run it
 * again (see {@link StateAssignment}).
 */
public record TaskStateSnapshot(List<OperatorState> operators) {
  private static final byte VERSION = 3;
  private static final int MAX_OPERATORS = 4096;
  private static final int MAX_OPERATOR_STATE_BYTES = 16 << 20;

  /**
   * One operator's part: its keyed state, its own state (a source's position, a sink's files), its
   * timers and its function's operator state; each may be null. {@code finished}: this subtask's
   * operator had finished when the snapshot was taken.
   */
  public record OperatorState(int nodeId, String uid, KeyedStateHandle keyed, byte[] operatorState,
      KeyedStateHandle timers, OperatorStateHandle functionState, boolean finished) {
    public OperatorState(int nodeId, String uid, KeyedStateHandle keyed, byte[] operatorState,
        KeyedStateHandle timers, OperatorStateHandle functionState) {
      this(nodeId, uid, keyed, operatorState, timers, functionState, false);
    }

    public OperatorState(int nodeId, String uid, KeyedStateHandle keyed, byte[] operatorState) {
      this(nodeId, uid, keyed, operatorState, null, null);
    }

    /** Whether the operator has any state here (a finished operator may have none, only its flag). */
    public boolean hasState() {
      return keyed != null || operatorState != null || timers != null || functionState != null;
    }
  }

  public TaskStateSnapshot {
    operators = List.copyOf(operators);
  }

  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeInt(operators.size());
      for (OperatorState o : operators) {
        out.writeInt(o.nodeId());
        out.writeBoolean(o.uid() != null);
        if (o.uid() != null) {
          out.writeUTF(o.uid());
        }
        out.writeBoolean(o.keyed() != null);
        if (o.keyed() != null) {
          o.keyed().writeTo(out);
        }
        out.writeInt(o.operatorState() == null ? -1 : o.operatorState().length);
        if (o.operatorState() != null) {
          out.write(o.operatorState());
        }
        out.writeBoolean(o.timers() != null);
        if (o.timers() != null) {
          o.timers().writeTo(out);
        }
        out.writeBoolean(o.functionState() != null);
        if (o.functionState() != null) {
          o.functionState().writeTo(out);
        }
        out.writeBoolean(o.finished());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  /** Reads what {@link #toBytes()} wrote; an empty array is a subtask without state. */
  public static TaskStateSnapshot fromBytes(byte[] bytes) throws IOException {
    if (bytes.length == 0) {
      return new TaskStateSnapshot(List.of());
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    byte version = in.readByte();
    if (version < 1 || version > VERSION) {
      throw new IOException("unsupported task state version " + version);
    }
    int n = in.readInt();
    if (n < 0 || n > MAX_OPERATORS) {
      throw new IOException("task state lists " + n + " operators");
    }
    List<OperatorState> operators = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int nodeId = in.readInt();
      String uid = in.readBoolean() ? in.readUTF() : null;
      KeyedStateHandle keyed = in.readBoolean() ? KeyedStateHandle.read(in) : null;
      int length = in.readInt();
      if (length < -1 || length > MAX_OPERATOR_STATE_BYTES) {
        throw new IOException("operator state of " + length + " bytes");
      }
      byte[] position = null;
      if (length >= 0) {
        position = new byte[length];
        in.readFully(position);
      }
      KeyedStateHandle timers = null;
      OperatorStateHandle functionState = null;
      if (version >= 2) {
        timers = in.readBoolean() ? KeyedStateHandle.read(in) : null;
        functionState = in.readBoolean() ? OperatorStateHandle.read(in) : null;
      }
      boolean finished = version >= 3 && in.readBoolean();
      operators.add(new OperatorState(nodeId, uid, keyed, position, timers, functionState, finished));
    }
    if (in.read() != -1) {
      throw new IOException("unexpected bytes after the task state");
    }
    return new TaskStateSnapshot(operators);
  }
}
