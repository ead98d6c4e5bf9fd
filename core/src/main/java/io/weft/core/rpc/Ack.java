package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;

/**
 * The answer to a request that needs no other content: the receiver accepted it. It is the default
 * answer of {@link RpcHandler#onRequest}.
 *
 * @param correlationId the id of the request answered, as passed to {@link RpcHandler#onRequest}
 */
public record Ack(long correlationId) implements RpcMessage {
  void writeTo(DataOutput out) throws IOException {
    out.writeLong(correlationId);
  }

  static Ack readFrom(WireInput in) throws IOException {
    return new Ack(in.readLong("correlationId"));
  }
}
