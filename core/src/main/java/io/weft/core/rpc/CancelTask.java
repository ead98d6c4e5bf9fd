package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/** The JobManager asks a TaskManager to cancel one subtask; the outcome arrives as {@link TaskStateChanged}. */
public record CancelTask(String jobId, String vertexId, int subtaskIndex) implements RpcMessage {
  public CancelTask {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(vertexId, "vertexId");
    Wire.nonNegative(subtaskIndex, "subtaskIndex");
  }

  void writeTo(DataOutput out) throws IOException {
    Wire.writeString(out, "jobId", jobId);
    Wire.writeString(out, "vertexId", vertexId);
    out.writeInt(subtaskIndex);
  }

  static CancelTask readFrom(WireInput in) throws IOException {
    return new CancelTask(in.readString("jobId"), in.readString("vertexId"), in.readInt("subtaskIndex"));
  }
}
