package io.weft.dataplane.netty;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Addresses in logs and failure causes, always as {@code ip:port} whichever transport made them. */
final class Addresses {
  private Addresses() {}

  static String of(SocketAddress address) {
    if (address instanceof InetSocketAddress a) {
      String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
    return String.valueOf(address);
  }
}
