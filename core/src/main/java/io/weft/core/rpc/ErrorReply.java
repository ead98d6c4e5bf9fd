package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * The answer to a request the receiver could not handle. The asker's future fails with an
 * {@link RpcRemoteException} carrying it.
 *
 * @param correlationId the id of the request answered, as passed to {@link RpcHandler#onRequest}
 */
public record ErrorReply(long correlationId, String message) implements RpcMessage {
  public ErrorReply {
    message = Wire.truncate(Objects.requireNonNull(message, "message"));
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeLong(correlationId);
    Wire.writeString(out, "message", message);
  }

  static ErrorReply readFrom(WireInput in) throws IOException {
    return new ErrorReply(in.readLong("correlationId"), in.readString("message"));
  }
}
