package io.weft.core.rpc;

/** The peer answered an {@link RpcConnection#ask ask} with an {@link ErrorReply}. */
public class RpcRemoteException extends RpcException {
  private static final long serialVersionUID = 1L;

  private final transient ErrorReply reply;

  public RpcRemoteException(String message, ErrorReply reply) {
    super(message);
    this.reply = reply;
  }

  /** The peer's answer, with its error message. */
  public ErrorReply reply() {
    return reply;
  }
}
