package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/** The JobManager starts checkpoint {@code checkpointId}: the TaskManager's source tasks emit its barrier. */
public record TriggerCheckpoint(String jobId, long checkpointId, long timestamp) implements RpcMessage {
  public TriggerCheckpoint {
    Objects.requireNonNull(jobId, "jobId");
    Wire.nonNegative(checkpointId, "checkpointId");
  }

  void writeTo(DataOutput out) throws IOException {
    Wire.writeString(out, "jobId", jobId);
    out.writeLong(checkpointId);
    out.writeLong(timestamp);
  }

  static TriggerCheckpoint readFrom(WireInput in) throws IOException {
    return new TriggerCheckpoint(in.readString("jobId"), in.readLong("checkpointId"), in.readLong("timestamp"));
  }
}
