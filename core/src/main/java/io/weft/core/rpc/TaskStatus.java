package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/** One task's state and counters, as carried by a {@link Heartbeat}. */
public record TaskStatus(String taskId, TaskState state, long recordsIn, long recordsOut) {
  public TaskStatus {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(state, "state");
    Wire.nonNegative(recordsIn, "recordsIn");
    Wire.nonNegative(recordsOut, "recordsOut");
  }

  void writeTo(DataOutput out) throws IOException {
    Wire.writeString(out, "taskId", taskId);
    out.writeByte(state.code());
    out.writeLong(recordsIn);
    out.writeLong(recordsOut);
  }

  static TaskStatus readFrom(WireInput in) throws IOException {
    String taskId = in.readString("taskId");
    TaskState state = RpcCodec.readState(in);
    return new TaskStatus(taskId, state, in.readLong("recordsIn"), in.readLong("recordsOut"));
  }
}
