package io.weft.dataplane.netty;

import java.io.IOException;
import java.net.SocketAddress;

/** A failure of the transport to or from one remote TaskManager, whose address it names. */
public class TransportException extends IOException {
  private static final long serialVersionUID = 1L;
  private final SocketAddress remote;

  public TransportException(SocketAddress remote, String message, Throwable cause) {
    super(message, cause);
    this.remote = remote;
  }

  public SocketAddress remoteAddress() {
    return remote;
  }
}
