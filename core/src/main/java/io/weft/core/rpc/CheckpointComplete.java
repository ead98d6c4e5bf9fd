package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * Checkpoint {@code checkpointId} is complete: its metadata is written, so tasks may commit what
 * they prepared for it (an exactly-once sink renames its pending files).
 */
public record CheckpointComplete(String jobId, long checkpointId) implements RpcMessage {
  public CheckpointComplete {
    Objects.requireNonNull(jobId, "jobId");
    Wire.nonNegative(checkpointId, "checkpointId");
  }

  void writeTo(DataOutput out) throws IOException {
    Wire.writeString(out, "jobId", jobId);
    out.writeLong(checkpointId);
  }

  static CheckpointComplete readFrom(WireInput in) throws IOException {
    return new CheckpointComplete(in.readString("jobId"), in.readLong("checkpointId"));
  }
}
