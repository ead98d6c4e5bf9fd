package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * JobManager to TaskManager: fresh Hadoop delegation tokens, as the bytes of Hadoop's token storage
 * format ({@code Credentials.writeTokenStorageToStream}; tokens only, never secret keys). The
 * receiver adds them to its process's user, replacing the tokens of the same services.
 */
public record UpdateDelegationTokens(byte[] tokens) implements RpcMessage {
  public UpdateDelegationTokens {
    Objects.requireNonNull(tokens, "tokens");
  }

  void writeTo(DataOutput out) throws IOException {
    Wire.writeBytes(out, "tokens", tokens);
  }

  static UpdateDelegationTokens readFrom(WireInput in) throws IOException {
    return new UpdateDelegationTokens(in.readBytes("tokens"));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UpdateDelegationTokens other && Arrays.equals(tokens, other.tokens);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(tokens);
  }

  @Override
  public String toString() {
    return "UpdateDelegationTokens[" + tokens.length + " bytes]";
  }
}
