package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * A client asks the JobManager for a savepoint under {@code targetDirectory}; with {@code stop} the
 * job then ends cleanly (stop-with-savepoint). Answered with {@link SavepointCompleted} once the
 * savepoint's metadata is written, or with an {@link ErrorReply} saying why there is none.
 */
public record TriggerSavepoint(String targetDirectory, boolean stop) implements RpcMessage {
  public TriggerSavepoint {
    Objects.requireNonNull(targetDirectory, "targetDirectory");
  }

  void writeTo(DataOutput out) throws IOException {
    Wire.writeString(out, "targetDirectory", targetDirectory);
    out.writeBoolean(stop);
  }

  static TriggerSavepoint readFrom(WireInput in) throws IOException {
    return new TriggerSavepoint(in.readString("targetDirectory"), in.readBoolean("stop"));
  }
}
