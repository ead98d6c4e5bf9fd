package io.weft.core.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.core.auth.MutualAuth;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/** Shared pieces of the transport tests: a recording handler and a hand-written peer. */
final class RpcTestSupport {
  /** The RPC handshake's proof labels, spelled out here so the tests pin the wire format. */
  static final byte[] CLIENT_LABEL = "weft-rpc-v1 client".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  static final byte[] SERVER_LABEL = "weft-rpc-v1 server".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  static byte[] nonce() {
    byte[] n = new byte[MutualAuth.NONCE_BYTES];
    new java.security.SecureRandom().nextBytes(n);
    return n;
  }

  static final String LOOPBACK = "127.0.0.1";
  /** Generous: a deadline on a condition, never a timing assertion. */
  static final long DEADLINE_SECONDS = 30;

  private RpcTestSupport() {}

  static <T> T await(Future<T> future) throws Exception {
    return future.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  /** The exception a future failed with, unwrapped. */
  static Throwable failureOf(Future<?> future) throws InterruptedException, TimeoutException {
    try {
      future.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected the future to fail, but it succeeded");
  }


  static List<String> rpcThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("weft-rpc"))
        .collect(Collectors.toList());
  }

  /** Records every callback; answers requests with {@link #answers} if set, else the default Ack. */
  static final class RecordingHandler implements RpcHandler {
    final BlockingQueue<RpcMessage> messages = new LinkedBlockingQueue<>();
    final BlockingQueue<RpcMessage> requests = new LinkedBlockingQueue<>();
    final BlockingQueue<RpcConnection> connections = new LinkedBlockingQueue<>();
    /** One entry per onClosed; Optional-like: a null cause is recorded as NO_CAUSE. */
    final BlockingQueue<Throwable> closed = new LinkedBlockingQueue<>();
    volatile BiFunction<Long, RpcMessage, RpcMessage> answers;

    static final Throwable NO_CAUSE = new Throwable("closed by this side");

    @Override
    public void onMessage(RpcConnection connection, RpcMessage message) {
      connections.add(connection);
      messages.add(message);
    }

    @Override
    public void onRequest(RpcConnection connection, long correlationId, RpcMessage request) {
      requests.add(request);
      BiFunction<Long, RpcMessage, RpcMessage> a = answers;
      if (a == null) {
        RpcHandler.super.onRequest(connection, correlationId, request);
        return;
      }
      connections.add(connection);
      RpcMessage answer = a.apply(correlationId, request);
      if (answer != null) {
        connection.reply(correlationId, answer);
      }
    }

    @Override
    public void onClosed(RpcConnection connection, Throwable cause) {
      closed.add(cause == null ? NO_CAUSE : cause);
    }

    Throwable awaitClosed() throws InterruptedException {
      Throwable t = closed.poll(DEADLINE_SECONDS, TimeUnit.SECONDS);
      if (t == null) {
        throw new AssertionError("onClosed was not called within " + DEADLINE_SECONDS + " s");
      }
      return t;
    }

    RpcMessage awaitMessage() throws InterruptedException {
      RpcMessage m = messages.poll(DEADLINE_SECONDS, TimeUnit.SECONDS);
      if (m == null) {
        throw new AssertionError("no message within " + DEADLINE_SECONDS + " s");
      }
      return m;
    }

    boolean sawNothing() {
      return messages.isEmpty() && requests.isEmpty() && closed.isEmpty();
    }
  }

  /**
   * A peer written against the documented wire format with plain sockets, to send what a real
   * client never would.
   */
  static final class RawPeer implements AutoCloseable {
    final Socket socket;
    final DataInputStream in;
    final DataOutputStream out;

    RawPeer(int port) throws IOException {
      socket = new Socket(LOOPBACK, port);
      socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(DEADLINE_SECONDS));
      in = new DataInputStream(socket.getInputStream());
      out = new DataOutputStream(socket.getOutputStream());
    }

    byte[] readFrame() throws IOException {
      int length = in.readInt();
      byte[] b = new byte[length];
      in.readFully(b);
      return b;
    }

    void writeFrame(byte[] body) throws IOException {
      out.writeInt(body.length);
      out.write(body);
      out.flush();
    }

    /** Reads the server's HELLO and returns its nonce. */
    byte[] readHello() throws IOException {
      byte[] hello = readFrame();
      assertEquals(MutualAuth.HELLO_BYTES, hello.length);
      assertArrayEquals(MutualAuth.PREAMBLE, java.util.Arrays.copyOf(hello, MutualAuth.PREAMBLE.length));
      return java.util.Arrays.copyOfRange(hello, MutualAuth.PREAMBLE.length, hello.length);
    }

    /** Runs the client side of the handshake by hand and checks the server's proof. */
    void authenticate(RpcSecret secret) throws IOException {
      byte[] serverNonce = readHello();
      byte[] clientNonce = nonce();
      writeFrame(concat(MutualAuth.PREAMBLE, clientNonce, secret.hmac(CLIENT_LABEL, serverNonce, clientNonce)));
      byte[] result = readFrame();
      assertEquals(1 + MutualAuth.PROOF_BYTES, result.length);
      assertEquals(MutualAuth.ACCEPTED, result[0]);
      assertArrayEquals(secret.hmac(SERVER_LABEL, clientNonce, serverNonce),
          java.util.Arrays.copyOfRange(result, 1, result.length));
    }

    /** Sends a message as a one-way frame: kind TELL, then the codec's bytes. */
    void tell(RpcMessage message) throws IOException {
      writeFrame(concat(new byte[] {(byte) Frames.TELL}, RpcCodec.encode(message)));
    }

    /** True once the server has closed the connection (EOF or reset), reading and dropping anything before. */
    boolean closedByServer() throws IOException {
      try {
        while (in.read() >= 0) {
          // drain what the server sent before closing
        }
        return true;
      } catch (SocketTimeoutException e) {
        return false;
      } catch (SocketException e) {
        return true; // connection reset
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] all = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  static void assertContains(String expectedPart, String actual) {
    assertTrue(actual != null && actual.contains(expectedPart),
        "expected \"" + expectedPart + "\" in: " + actual);
  }

  static CompletableFuture<RpcConnection> connect(RpcService service, RpcHandler handler, int port) {
    return service.newClient(handler).connect(LOOPBACK, port);
  }
}
