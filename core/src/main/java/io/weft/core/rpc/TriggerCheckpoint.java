package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * The JobManager starts checkpoint {@code checkpointId}: the TaskManager's source tasks emit its
 * barrier. A savepoint names its directory ({@code savepointPath}, null for a checkpoint); with
 * {@code stop} the sources end their input right after its barrier, so the job finishes with the
 * savepoint as its last state (stop-with-savepoint). With {@code drain} (Flink's stop --drain) the
 * sources first emit the end of event time (Long.MAX_VALUE), so every event-time window and timer
 * fires before the savepoint.
 */
public record TriggerCheckpoint(String jobId, long checkpointId, long timestamp, String savepointPath, boolean stop,
    boolean drain) implements RpcMessage {
  public TriggerCheckpoint {
    Objects.requireNonNull(jobId, "jobId");
    Wire.nonNegative(checkpointId, "checkpointId");
    if (stop && savepointPath == null) {
      throw new IllegalArgumentException("only a savepoint can stop the job");
    }
    if (drain && !stop) {
      throw new IllegalArgumentException("only a stop-with-savepoint drains the job");
    }
  }

  /** A savepoint, or a stop-with-savepoint without draining. */
  public TriggerCheckpoint(String jobId, long checkpointId, long timestamp, String savepointPath, boolean stop) {
    this(jobId, checkpointId, timestamp, savepointPath, stop, false);
  }

  /** A periodic checkpoint. */
  public TriggerCheckpoint(String jobId, long checkpointId, long timestamp) {
    this(jobId, checkpointId, timestamp, null, false, false);
  }

  void writeTo(DataOutput out) throws IOException {
    Wire.writeString(out, "jobId", jobId);
    out.writeLong(checkpointId);
    out.writeLong(timestamp);
    Wire.writeString(out, "savepointPath", savepointPath == null ? "" : savepointPath);
    out.writeBoolean(stop);
    out.writeBoolean(drain);
  }

  static TriggerCheckpoint readFrom(WireInput in) throws IOException {
    String jobId = in.readString("jobId");
    long id = in.readLong("checkpointId");
    long timestamp = in.readLong("timestamp");
    String path = in.readString("savepointPath");
    boolean stop = in.readBoolean("stop");
    boolean drain = in.readBoolean("drain");
    if (stop && path.isEmpty()) {
      throw new WireInput.MalformedField("a stop without a savepoint path");
    }
    if (drain && !stop) {
      throw new WireInput.MalformedField("a drain without a stop");
    }
    return new TriggerCheckpoint(jobId, id, timestamp, path.isEmpty() ? null : path, stop, drain);
  }
}
