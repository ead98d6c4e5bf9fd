package io.weft.dataplane.netty;

import io.weft.core.auth.MutualAuth;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * A peer speaking the wire protocol by hand over a blocking socket: it can behave (authenticate)
 * or misbehave (wrong proofs, garbage, ignoring credit), which the real transport never does.
 */
final class RawPeer implements AutoCloseable {
  record RawFrame(int type, ByteBuffer body) {}

  final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;

  RawPeer(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout((int) Conditions.DEADLINE.toMillis());
    this.in = new DataInputStream(socket.getInputStream());
    this.out = new DataOutputStream(socket.getOutputStream());
  }

  static RawPeer connect(InetSocketAddress address) throws IOException {
    return new RawPeer(new Socket(address.getAddress(), address.getPort()));
  }

  /** A server socket on loopback and the peer that will connect to it. */
  static final class Listener implements AutoCloseable {
    final ServerSocket server;
    final CompletableFuture<RawPeer> accepted = new CompletableFuture<>();

    Listener() throws IOException {
      server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
      Thread t = new Thread(() -> {
        try {
          accepted.complete(new RawPeer(server.accept()));
        } catch (IOException e) {
          accepted.completeExceptionally(e);
        }
      }, "raw-peer-accept");
      t.setDaemon(true);
      t.start();
    }

    InetSocketAddress address() {
      return new InetSocketAddress("127.0.0.1", server.getLocalPort());
    }

    RawPeer peer() throws Exception {
      return accepted.get(Conditions.DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  String localAddress() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  void send(FrameType type, byte[] body) throws IOException {
    send(type.code, body.length, body);
  }

  void send(int type, int declaredLength, byte[] body) throws IOException {
    out.writeInt(Frames.MAGIC);
    out.writeByte(type);
    out.writeInt(declaredLength);
    out.write(body);
    out.flush();
  }

  void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  RawFrame read() throws IOException {
    int magic = in.readInt();
    if (magic != Frames.MAGIC) {
      throw new IOException("bad magic from the transport: " + Integer.toHexString(magic));
    }
    int type = in.readByte();
    byte[] body = new byte[in.readInt()];
    in.readFully(body);
    return new RawFrame(type, ByteBuffer.wrap(body));
  }

  RawFrame expect(FrameType type) throws IOException {
    RawFrame f = read();
    if (f.type() != type.code) {
      throw new IOException("expected " + type + " but got frame type " + f.type());
    }
    return f;
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.get(a);
    return a;
  }

  /** Runs the client half of the handshake; with a wrong secret the proof it sends is wrong. */
  void authenticateAsClient(byte[] secret) throws IOException {
    byte[] hello = bytes(expect(FrameType.AUTH_CHALLENGE).body());
    try {
      send(FrameType.AUTH_RESPONSE,
          MutualAuth.of(MutualAuth.hmacSha256(secret), AuthHandler.PROTOCOL).respond(hello));
    } catch (MutualAuth.HandshakeException e) {
      throw new IOException("the transport's server sent a malformed hello: " + e.getMessage(), e);
    }
  }

  /** Runs the server half of the handshake. */
  void authenticateAsServer(byte[] secret) throws IOException {
    MutualAuth auth = MutualAuth.of(MutualAuth.hmacSha256(secret), AuthHandler.PROTOCOL);
    send(FrameType.AUTH_CHALLENGE, auth.hello());
    byte[] response = bytes(expect(FrameType.AUTH_RESPONSE).body());
    try {
      send(FrameType.AUTH_RESPONSE, auth.acceptResponse(response));
    } catch (MutualAuth.HandshakeException e) {
      throw new IOException("the transport's client sent a wrong proof: " + e.getMessage(), e);
    }
  }

  static byte[] partitionRequest(int channelId, String partitionId, int subpartition, int credit) {
    byte[] id = partitionId.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(14 + id.length).putInt(channelId).putInt(subpartition).putInt(credit)
        .putShort((short) id.length).put(id).array();
  }

  static byte[] buffer(int channelId, int sequence, int backlog, byte[] data) {
    return ByteBuffer.allocate(12 + data.length).putInt(channelId).putInt(sequence).putInt(backlog).put(data).array();
  }

  /** Waits until the other side closes the connection (end of stream or reset). */
  boolean awaitClosedByPeer() throws IOException {
    try {
      while (in.read() >= 0) {
        // drain whatever the transport sent before closing (for example an ERROR frame)
      }
      return true;
    } catch (EOFException | SocketException e) {
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  /** Closes with a TCP reset, as a crashed process's kernel would. */
  void reset() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
