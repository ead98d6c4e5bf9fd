package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * A TaskManager reports that a subtask entered a new state.
 *
 * @param failureMessage why the subtask failed, naming the operator; empty unless the state is FAILED.
 *     Texts beyond 64 Ki chars are cut, so that a huge message cannot stop the report itself. A
 *     stack trace may follow the message after {@link #STACK_TRACE_MARKER}: diagnostics show the
 *     message, the JobManager's web UI both. {@link #NOT_RECOVERABLE} in it means no restart.
 * @param attemptNumber the execution attempt of the job the subtask belongs to (0, then one more
 *     per restart), so that late reports of a replaced attempt are told apart
 */
public record TaskStateChanged(String jobId, String vertexId, int subtaskIndex, TaskState state, String failureMessage,
    int attemptNumber) implements RpcMessage {
  /** Separates the failure's message from its stack trace in {@code failureMessage}. */
  public static final String STACK_TRACE_MARKER = "\n--- stack trace ---\n";
  /**
   * Starts the failure's message (or the part that says why, after a prefix naming the step) when
   * a restart cannot cure it: state that is corrupt or no longer fits the job, a class that does not
   * load. The JobManager then fails the job once, with the reason, instead of restarting it.
   */
  public static final String NOT_RECOVERABLE = "[not recoverable] ";

  /** A report of the first attempt. */
  public TaskStateChanged(String jobId, String vertexId, int subtaskIndex, TaskState state, String failureMessage) {
    this(jobId, vertexId, subtaskIndex, state, failureMessage, 0);
  }

  public TaskStateChanged {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(vertexId, "vertexId");
    Objects.requireNonNull(state, "state");
    Wire.nonNegative(subtaskIndex, "subtaskIndex");
    Wire.nonNegative(attemptNumber, "attemptNumber");
    failureMessage = Wire.truncate(Objects.requireNonNull(failureMessage, "failureMessage (use \"\" for none)"));
  }

  void writeTo(DataOutput out) throws IOException {
    Wire.writeString(out, "jobId", jobId);
    Wire.writeString(out, "vertexId", vertexId);
    out.writeInt(subtaskIndex);
    out.writeByte(state.code());
    Wire.writeString(out, "failureMessage", failureMessage);
    out.writeInt(attemptNumber);
  }

  static TaskStateChanged readFrom(WireInput in) throws IOException {
    String jobId = in.readString("jobId");
    String vertexId = in.readString("vertexId");
    int subtaskIndex = in.readInt("subtaskIndex");
    TaskState state = RpcCodec.readState(in);
    return new TaskStateChanged(jobId, vertexId, subtaskIndex, state, in.readString("failureMessage"),
        in.readInt("attemptNumber"));
  }
}
