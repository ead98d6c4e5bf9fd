package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/** The answer to {@link TriggerRescale}: what was rescaled, from which checkpoint, and how long the tasks paused. */
public record RescaleCompleted(String summary) implements RpcMessage {
  public RescaleCompleted {
    Objects.requireNonNull(summary, "summary");
  }

  void writeTo(DataOutput out) throws IOException {
    Wire.writeString(out, "summary", summary);
  }

  static RescaleCompleted readFrom(WireInput in) throws IOException {
    return new RescaleCompleted(in.readString("summary"));
  }
}
