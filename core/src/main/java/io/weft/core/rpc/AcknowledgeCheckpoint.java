package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * A subtask has taken its part of a checkpoint.
 *
 * @param state where the subtask's state went, in the state layer's own explicit encoding (empty
 *     for a subtask without state); the JobManager stores it in the checkpoint's metadata as is
 * @param stateSizeBytes bytes of state the subtask wrote for this checkpoint; -1 if unknown
 * @param alignmentMillis time from the first barrier to the last one on the subtask's inputs
 *     (0 for a source); -1 if unknown
 */
public record AcknowledgeCheckpoint(String jobId, String vertexId, int subtaskIndex, long checkpointId, byte[] state,
    long stateSizeBytes, long alignmentMillis) implements RpcMessage {
  /** An acknowledgement without figures. */
  public AcknowledgeCheckpoint(String jobId, String vertexId, int subtaskIndex, long checkpointId, byte[] state) {
    this(jobId, vertexId, subtaskIndex, checkpointId, state, -1, -1);
  }

  public AcknowledgeCheckpoint {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(vertexId, "vertexId");
    Objects.requireNonNull(state, "state");
    Wire.nonNegative(subtaskIndex, "subtaskIndex");
    Wire.nonNegative(checkpointId, "checkpointId");
    if (stateSizeBytes < -1 || alignmentMillis < -1) {
      throw new IllegalArgumentException("stateSizeBytes and alignmentMillis must be -1 (unknown) or more, got "
          + stateSizeBytes + " and " + alignmentMillis);
    }
  }

  void writeTo(DataOutput out) throws IOException {
    Wire.writeString(out, "jobId", jobId);
    Wire.writeString(out, "vertexId", vertexId);
    out.writeInt(subtaskIndex);
    out.writeLong(checkpointId);
    Wire.writeBytes(out, "state", state);
    out.writeLong(stateSizeBytes);
    out.writeLong(alignmentMillis);
  }

  static AcknowledgeCheckpoint readFrom(WireInput in) throws IOException {
    return new AcknowledgeCheckpoint(in.readString("jobId"), in.readString("vertexId"), in.readInt("subtaskIndex"),
        in.readLong("checkpointId"), in.readBytes("state"), in.readLong("stateSizeBytes"),
        in.readLong("alignmentMillis"));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AcknowledgeCheckpoint a && a.jobId.equals(jobId) && a.vertexId.equals(vertexId)
        && a.subtaskIndex == subtaskIndex && a.checkpointId == checkpointId && java.util.Arrays.equals(a.state, state)
        && a.stateSizeBytes == stateSizeBytes && a.alignmentMillis == alignmentMillis;
  }

  @Override
  public int hashCode() {
    return Objects.hash(jobId, vertexId, subtaskIndex, checkpointId, java.util.Arrays.hashCode(state), stateSizeBytes,
        alignmentMillis);
  }
}
