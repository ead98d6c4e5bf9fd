package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/** The JobManager refuses a TaskManager (unknown container, duplicate id, ...); the reason is for its log. */
public record RegistrationRejected(String reason) implements RpcMessage {
  public RegistrationRejected {
    reason = Wire.truncate(Objects.requireNonNull(reason, "reason"));
  }

  void writeTo(DataOutput out) throws IOException {
    Wire.writeString(out, "reason", reason);
  }

  static RegistrationRejected readFrom(WireInput in) throws IOException {
    return new RegistrationRejected(in.readString("reason"));
  }
}
