package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * Where a deployed task finds one of its input channels: the data-plane server of the
 * TaskManager running the producing subtask, and which of that subtask's outputs to read.
 *
 * @param edgeIndex the index of the job-graph edge (of the consumer's inputs) this channel belongs to
 */
public record ChannelAddress(String host, int port, String producerVertexId, int producerSubtask, int edgeIndex) {
  public ChannelAddress {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(producerVertexId, "producerVertexId");
    Wire.port(port, "port");
    Wire.nonNegative(producerSubtask, "producerSubtask");
    Wire.nonNegative(edgeIndex, "edgeIndex");
  }

  void writeTo(DataOutput out) throws IOException {
    Wire.writeString(out, "host", host);
    out.writeInt(port);
    Wire.writeString(out, "producerVertexId", producerVertexId);
    out.writeInt(producerSubtask);
    out.writeInt(edgeIndex);
  }

  static ChannelAddress readFrom(WireInput in) throws IOException {
    return new ChannelAddress(in.readString("host"), in.readInt("port"), in.readString("producerVertexId"),
        in.readInt("producerSubtask"), in.readInt("edgeIndex"));
  }
}
