package io.weft.core.rpc;

import java.io.IOException;

/** A failure of the RPC transport: a connection that could not be made, was lost, or was closed. */
public class RpcException extends IOException {
  private static final long serialVersionUID = 1L;

  public RpcException(String message) {
    super(message);
  }

  public RpcException(String message, Throwable cause) {
    super(message, cause);
  }
}
