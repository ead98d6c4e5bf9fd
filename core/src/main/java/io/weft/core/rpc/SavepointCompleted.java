package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/** The answer to {@link TriggerSavepoint}: the savepoint's directory, which {@code weft run -s} takes. */
public record SavepointCompleted(String path) implements RpcMessage {
  public SavepointCompleted {
    Objects.requireNonNull(path, "path");
  }

  void writeTo(DataOutput out) throws IOException {
    Wire.writeString(out, "path", path);
  }

  static SavepointCompleted readFrom(WireInput in) throws IOException {
    return new SavepointCompleted(in.readString("path"));
  }
}
