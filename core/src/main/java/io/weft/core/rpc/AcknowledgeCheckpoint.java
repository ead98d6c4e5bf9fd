package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * A subtask has taken its part of a checkpoint.
 *
 * @param state where the subtask's state went, in the state layer's own explicit encoding (empty
 *     for a subtask without state); the JobManager stores it in the checkpoint's metadata as is
 */
public record AcknowledgeCheckpoint(String jobId, String vertexId, int subtaskIndex, long checkpointId, byte[] state)
    implements RpcMessage {
  public AcknowledgeCheckpoint {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(vertexId, "vertexId");
    Objects.requireNonNull(state, "state");
    Wire.nonNegative(subtaskIndex, "subtaskIndex");
    Wire.nonNegative(checkpointId, "checkpointId");
  }

  void writeTo(DataOutput out) throws IOException {
    Wire.writeString(out, "jobId", jobId);
    Wire.writeString(out, "vertexId", vertexId);
    out.writeInt(subtaskIndex);
    out.writeLong(checkpointId);
    Wire.writeBytes(out, "state", state);
  }

  static AcknowledgeCheckpoint readFrom(WireInput in) throws IOException {
    return new AcknowledgeCheckpoint(in.readString("jobId"), in.readString("vertexId"), in.readInt("subtaskIndex"),
        in.readLong("checkpointId"), in.readBytes("state"));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AcknowledgeCheckpoint a && a.jobId.equals(jobId) && a.vertexId.equals(vertexId)
        && a.subtaskIndex == subtaskIndex && a.checkpointId == checkpointId && java.util.Arrays.equals(a.state, state);
  }

  @Override
  public int hashCode() {
    return Objects.hash(jobId, vertexId, subtaskIndex, checkpointId, java.util.Arrays.hashCode(state));
  }
}
