package io.weft.dataplane.netty;

import java.net.SocketAddress;

/** The peer broke the wire protocol; the connection is closed and every channel on it fails. */
public final class ProtocolException extends TransportException {
  private static final long serialVersionUID = 1L;

  public ProtocolException(SocketAddress remote, String message) {
    super(remote, "protocol violation by " + Addresses.of(remote) + ": " + message, null);
  }
}
