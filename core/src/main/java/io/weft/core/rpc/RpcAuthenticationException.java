package io.weft.core.rpc;

/** The two ends of a connection could not prove to each other that they hold the same secret. */
public class RpcAuthenticationException extends RpcException {
  private static final long serialVersionUID = 1L;

  public RpcAuthenticationException(String message) {
    super(message);
  }
}
