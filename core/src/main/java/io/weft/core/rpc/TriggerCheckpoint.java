package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * The JobManager starts checkpoint {@code checkpointId}: the TaskManager's source tasks emit its
 * barrier. A savepoint names its directory ({@code savepointPath}, null for a checkpoint); with
 * {@code stop} the sources end their input right after its barrier, so the job finishes with the
 * savepoint as its last state (stop-with-savepoint).
 */
public record TriggerCheckpoint(String jobId, long checkpointId, long timestamp, String savepointPath, boolean stop)
    implements RpcMessage {
  public TriggerCheckpoint {
    Objects.requireNonNull(jobId, "jobId");
    Wire.nonNegative(checkpointId, "checkpointId");
    if (stop && savepointPath == null) {
      throw new IllegalArgumentException("only a savepoint can stop the job");
    }
  }

  /** A periodic checkpoint. */
  public TriggerCheckpoint(String jobId, long checkpointId, long timestamp) {
    this(jobId, checkpointId, timestamp, null, false);
  }

  void writeTo(DataOutput out) throws IOException {
    Wire.writeString(out, "jobId", jobId);
    out.writeLong(checkpointId);
    out.writeLong(timestamp);
    Wire.writeString(out, "savepointPath", savepointPath == null ? "" : savepointPath);
    out.writeBoolean(stop);
  }

  static TriggerCheckpoint readFrom(WireInput in) throws IOException {
    String jobId = in.readString("jobId");
    long id = in.readLong("checkpointId");
    long timestamp = in.readLong("timestamp");
    String path = in.readString("savepointPath");
    boolean stop = in.readBoolean("stop");
    if (stop && path.isEmpty()) {
      throw new WireInput.MalformedField("a stop without a savepoint path");
    }
    return new TriggerCheckpoint(jobId, id, timestamp, path.isEmpty() ? null : path, stop);
  }
}
