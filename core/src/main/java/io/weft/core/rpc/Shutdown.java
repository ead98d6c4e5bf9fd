package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/** The JobManager tells a TaskManager to stop its tasks and exit; the reason is for its log. */
public record Shutdown(String reason) implements RpcMessage {
  public Shutdown {
    reason = Wire.truncate(Objects.requireNonNull(reason, "reason"));
  }

  void writeTo(DataOutput out) throws IOException {
    Wire.writeString(out, "reason", reason);
  }

  static Shutdown readFrom(WireInput in) throws IOException {
    return new Shutdown(in.readString("reason"));
  }
}
