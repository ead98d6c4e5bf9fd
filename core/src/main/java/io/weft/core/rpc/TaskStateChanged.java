package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * A TaskManager reports that a subtask entered a new state.
 *
 * @param failureMessage why the subtask failed, naming the operator; empty unless the state is FAILED.
 *     Texts beyond 64 Ki chars are cut, so that a huge message cannot stop the report itself.
 */
public record TaskStateChanged(String jobId, String vertexId, int subtaskIndex, TaskState state, String failureMessage)
    implements RpcMessage {
  public TaskStateChanged {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(vertexId, "vertexId");
    Objects.requireNonNull(state, "state");
    Wire.nonNegative(subtaskIndex, "subtaskIndex");
    failureMessage = Wire.truncate(Objects.requireNonNull(failureMessage, "failureMessage (use \"\" for none)"));
  }

  void writeTo(DataOutput out) throws IOException {
    Wire.writeString(out, "jobId", jobId);
    Wire.writeString(out, "vertexId", vertexId);
    out.writeInt(subtaskIndex);
    out.writeByte(state.code());
    Wire.writeString(out, "failureMessage", failureMessage);
  }

  static TaskStateChanged readFrom(WireInput in) throws IOException {
    String jobId = in.readString("jobId");
    String vertexId = in.readString("vertexId");
    int subtaskIndex = in.readInt("subtaskIndex");
    TaskState state = RpcCodec.readState(in);
    return new TaskStateChanged(jobId, vertexId, subtaskIndex, state, in.readString("failureMessage"));
  }
}
