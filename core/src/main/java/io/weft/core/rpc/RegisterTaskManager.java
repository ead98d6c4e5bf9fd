package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * A TaskManager announces itself to the JobManager, as the first message on its connection (sent
 * with ask; the answer is {@link RegistrationAccepted} or {@link RegistrationRejected}).
 *
 * @param dataPort the port of the TaskManager's data-plane server, where other tasks fetch its output
 * @param containerId the YARN container id, so the JobManager can match the container it started
 */
public record RegisterTaskManager(String taskManagerId, String host, int dataPort, int numSlots, String containerId)
    implements RpcMessage {
  public RegisterTaskManager {
    Objects.requireNonNull(taskManagerId, "taskManagerId");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(containerId, "containerId");
    Wire.port(dataPort, "dataPort");
    if (numSlots < 1) {
      throw new IllegalArgumentException("numSlots must be at least 1, got " + numSlots);
    }
  }

  void writeTo(DataOutput out) throws IOException {
    Wire.writeString(out, "taskManagerId", taskManagerId);
    Wire.writeString(out, "host", host);
    out.writeInt(dataPort);
    out.writeInt(numSlots);
    Wire.writeString(out, "containerId", containerId);
  }

  static RegisterTaskManager readFrom(WireInput in) throws IOException {
    return new RegisterTaskManager(in.readString("taskManagerId"), in.readString("host"),
        in.readInt("dataPort"), in.readInt("numSlots"), in.readString("containerId"));
  }
}
