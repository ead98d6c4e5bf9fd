package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * The JobManager's answer to {@link RegisterTaskManager}.
 *
 * @param attemptNumber the ApplicationMaster attempt, so a TaskManager notices a new JobManager
 */
public record RegistrationAccepted(String jobManagerId, int attemptNumber) implements RpcMessage {
  public RegistrationAccepted {
    Objects.requireNonNull(jobManagerId, "jobManagerId");
    Wire.nonNegative(attemptNumber, "attemptNumber");
  }

  void writeTo(DataOutput out) throws IOException {
    Wire.writeString(out, "jobManagerId", jobManagerId);
    out.writeInt(attemptNumber);
  }

  static RegistrationAccepted readFrom(WireInput in) throws IOException {
    return new RegistrationAccepted(in.readString("jobManagerId"), in.readInt("attemptNumber"));
  }
}
