package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * Where a subtask runs: the data-plane server of its TaskManager, which serves the subtask's output
 * to consumers elsewhere and to which its own input requests are addressed.
 */
public record SubtaskLocation(String vertexId, int subtaskIndex, String host, int port) {
  public SubtaskLocation {
    Objects.requireNonNull(vertexId, "vertexId");
    Objects.requireNonNull(host, "host");
    Wire.nonNegative(subtaskIndex, "subtaskIndex");
    Wire.port(port, "port");
  }

  void writeTo(DataOutput out) throws IOException {
    Wire.writeString(out, "vertexId", vertexId);
    out.writeInt(subtaskIndex);
    Wire.writeString(out, "host", host);
    out.writeInt(port);
  }

  static SubtaskLocation readFrom(WireInput in) throws IOException {
    return new SubtaskLocation(in.readString("vertexId"), in.readInt("subtaskIndex"), in.readString("host"),
        in.readInt("port"));
  }
}
