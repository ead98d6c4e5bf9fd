package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * A client asks the JobManager for a savepoint under {@code targetDirectory}; with {@code stop} the
 * job then ends cleanly (stop-with-savepoint), with {@code drain} after its sources emitted the end of
 * event time (Flink's stop --drain). Answered with {@link SavepointCompleted} once the
 * savepoint's metadata is written, or with an {@link ErrorReply} saying why there is none.
 */
public record TriggerSavepoint(String targetDirectory, boolean stop, boolean drain) implements RpcMessage {
  public TriggerSavepoint {
    Objects.requireNonNull(targetDirectory, "targetDirectory");
    if (drain && !stop) {
      throw new IllegalArgumentException("only a stop-with-savepoint drains the job");
    }
  }

  public TriggerSavepoint(String targetDirectory, boolean stop) {
    this(targetDirectory, stop, false);
  }

  void writeTo(DataOutput out) throws IOException {
    Wire.writeString(out, "targetDirectory", targetDirectory);
    out.writeBoolean(stop);
    out.writeBoolean(drain);
  }

  static TriggerSavepoint readFrom(WireInput in) throws IOException {
    String target = in.readString("targetDirectory");
    boolean stop = in.readBoolean("stop");
    boolean drain = in.readBoolean("drain");
    if (drain && !stop) {
      throw new WireInput.MalformedField("a drain without a stop");
    }
    return new TriggerSavepoint(target, stop, drain);
  }
}
