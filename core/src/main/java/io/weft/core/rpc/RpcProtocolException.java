package io.weft.core.rpc;

/**
 * Bytes that do not follow the RPC wire format: an unknown message type, a malformed or truncated
 * body, an oversized frame. The message names the message type and the offset where reading failed.
 */
public class RpcProtocolException extends RpcException {
  private static final long serialVersionUID = 1L;

  public RpcProtocolException(String message) {
    super(message);
  }

  public RpcProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
