package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * A TaskManager reports that a source subtask read the end of its input: it finished its operators
 * and stays up, taking part in checkpoints, until the job's final checkpoint completes. Once every
 * source subtask of the attempt said so, the JobManager triggers that checkpoint.
 *
 * @param attemptNumber the job's execution attempt the subtask belongs to, so that a late report of
 *     a replaced attempt is told apart
 */
public record TaskInputEnded(String jobId, String vertexId, int subtaskIndex, int attemptNumber)
    implements RpcMessage {
  public TaskInputEnded {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(vertexId, "vertexId");
    Wire.nonNegative(subtaskIndex, "subtaskIndex");
    Wire.nonNegative(attemptNumber, "attemptNumber");
  }

  void writeTo(DataOutput out) throws IOException {
    Wire.writeString(out, "jobId", jobId);
    Wire.writeString(out, "vertexId", vertexId);
    out.writeInt(subtaskIndex);
    out.writeInt(attemptNumber);
  }

  static TaskInputEnded readFrom(WireInput in) throws IOException {
    return new TaskInputEnded(in.readString("jobId"), in.readString("vertexId"), in.readInt("subtaskIndex"),
        in.readInt("attemptNumber"));
  }
}
