package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * Checkpoint {@code checkpointId} is complete: its metadata is written, so tasks may commit what
 * they prepared for it (an exactly-once sink renames its pending files). {@code finalCheckpoint}:
 * it is the job's final checkpoint, taken after every source reported {@link TaskInputEnded}, so
 * every task's part of it came after the task's end of input, and the tasks may now end.
 */
public record CheckpointComplete(String jobId, long checkpointId, boolean finalCheckpoint) implements RpcMessage {
  public CheckpointComplete {
    Objects.requireNonNull(jobId, "jobId");
    Wire.nonNegative(checkpointId, "checkpointId");
  }

  /** A checkpoint that is not the job's final one. */
  public CheckpointComplete(String jobId, long checkpointId) {
    this(jobId, checkpointId, false);
  }

  void writeTo(DataOutput out) throws IOException {
    Wire.writeString(out, "jobId", jobId);
    out.writeLong(checkpointId);
    out.writeBoolean(finalCheckpoint);
  }

  static CheckpointComplete readFrom(WireInput in) throws IOException {
    return new CheckpointComplete(in.readString("jobId"), in.readLong("checkpointId"),
        in.readBoolean("finalCheckpoint"));
  }
}
