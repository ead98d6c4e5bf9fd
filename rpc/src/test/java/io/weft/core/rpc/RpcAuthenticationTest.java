package io.weft.core.rpc;

import static io.weft.core.rpc.RpcTestSupport.LOOPBACK;
import static io.weft.core.rpc.RpcTestSupport.assertContains;
import static io.weft.core.rpc.RpcTestSupport.concat;
import static io.weft.core.rpc.RpcTestSupport.connect;
import static io.weft.core.rpc.RpcTestSupport.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.testing.Await;
import io.weft.core.auth.MutualAuth;
import io.weft.core.rpc.RpcTestSupport.RawPeer;
import io.weft.core.rpc.RpcTestSupport.RecordingHandler;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The handshake, and peers that fail it or break the protocol: none of them reaches the handler. */
class RpcAuthenticationTest {
  private final RpcSecret secret = RpcSecret.generate();
  private final RecordingHandler jobManager = new RecordingHandler();
  private final RecordingHandler taskManager = new RecordingHandler();
  private final LogCapture log = new LogCapture();
  private RpcService service;
  private RpcServer server;

  @BeforeEach
  void start() throws RpcException {
    log.start();
    service = new RpcService(secret, RpcSettings.defaults().withAuthTimeout(Duration.ofMillis(300)));
    server = service.startServer(LOOPBACK, 0, jobManager);
  }

  @AfterEach
  void stop() {
    service.close();
    log.stop();
    for (String line : log.lines) {
      assertFalse(line.contains(secret.toBase64()), "the secret appears in the log: " + line);
    }
  }

  @Test
  void aClientWithTheWrongSecretIsRejectedAndTheHandlerSeesNothing() throws Exception {
    try (RpcService stranger = new RpcService(RpcSecret.generate())) {
      Throwable failure = failureOf(connect(stranger, taskManager, server.port()));

      assertInstanceOf(RpcAuthenticationException.class, failure);
      assertContains("the server does not know this application's secret", failure.getMessage());
      assertContains("127.0.0.1:" + server.port(), failure.getMessage());
    }
    Await.until("the server logs the rejection with the address",
        () -> log.contains("rejected RPC connection from 127.0.0.1:"));
    assertTrue(jobManager.sawNothing());
    assertTrue(taskManager.sawNothing());
    assertTrue(server.connections().isEmpty());
  }

  @Test
  void aServerWithTheWrongSecretFailsTheConnectFuture() throws Exception {
    RpcSecret other = RpcSecret.generate();
    try (ServerSocket fake = new ServerSocket(0, 1, java.net.InetAddress.getByName(LOOPBACK))) {
      Thread impostor = new Thread(() -> impersonate(fake, other), "impostor");
      impostor.start();

      Throwable failure = failureOf(connect(service, taskManager, fake.getLocalPort()));

      assertInstanceOf(RpcAuthenticationException.class, failure);
      assertContains("the server does not know this application's secret", failure.getMessage());
      impostor.join(RpcTestSupport.DEADLINE_SECONDS * 1000);
    }
    assertTrue(taskManager.sawNothing());
  }

  /** Plays a server that knows a different secret: it answers the client's proof with its own. */
  private static void impersonate(ServerSocket fake, RpcSecret wrong) {
    try (Socket s = fake.accept()) {
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] serverNonce = RpcTestSupport.nonce();
      out.writeInt(MutualAuth.HELLO_BYTES);
      out.write(concat(MutualAuth.PREAMBLE, serverNonce));
      out.flush();
      byte[] response = new byte[in.readInt()];
      in.readFully(response);
      byte[] clientNonce = java.util.Arrays.copyOfRange(response, MutualAuth.PREAMBLE.length,
          MutualAuth.PREAMBLE.length + MutualAuth.NONCE_BYTES);
      byte[] result = concat(new byte[] {MutualAuth.ACCEPTED},
          wrong.hmac(RpcTestSupport.SERVER_LABEL, clientNonce, serverNonce));
      out.writeInt(result.length);
      out.write(result);
      out.flush();
      while (in.read() >= 0) {
        // wait until the client hangs up
      }
    } catch (Exception e) {
      // the client closing first is fine
    }
  }

  @Test
  void aClientThatMeetsSomethingElseThanAWeftServerFails() throws Exception {
    try (ServerSocket fake = new ServerSocket(0, 1, java.net.InetAddress.getByName(LOOPBACK))) {
      Thread ssh = new Thread(() -> {
        try (Socket s = fake.accept()) {
          s.getOutputStream().write("SSH-2.0-OpenSSH_9.6\r\n".getBytes(StandardCharsets.US_ASCII));
          s.getOutputStream().flush();
          while (s.getInputStream().read() >= 0) {
            // wait until the client hangs up
          }
        } catch (Exception e) {
          // fine
        }
      }, "not-weft");
      ssh.start();

      Throwable failure = failureOf(connect(service, taskManager, fake.getLocalPort()));

      assertInstanceOf(RpcProtocolException.class, failure);
      assertContains("the peer at 127.0.0.1:" + fake.getLocalPort() + " is not a Weft RPC server", failure.getMessage());
      ssh.join(RpcTestSupport.DEADLINE_SECONDS * 1000);
    }
  }

  @Test
  void garbageBeforeAuthenticationIsDisconnected() throws Exception {
    try (RawPeer peer = new RawPeer(server.port())) {
      peer.readHello();
      peer.out.write("GET / HTTP/1.1\r\nHost: weft\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      peer.out.flush();
      assertTrue(peer.closedByServer());
    }
    Await.until("the server logs the oversized frame with the address",
        () -> log.contains("rejected RPC connection from 127.0.0.1:") && log.contains("before authenticating"));
    assertTrue(jobManager.sawNothing());
  }

  @Test
  void aWellFramedButWrongHandshakeIsDisconnected() throws Exception {
    byte[] noise = new byte[MutualAuth.RESPONSE_BYTES];
    new Random(7).nextBytes(noise);
    try (RawPeer peer = new RawPeer(server.port())) {
      peer.readHello();
      peer.writeFrame(noise);
      assertTrue(peer.closedByServer());
    }
    try (RawPeer peer = new RawPeer(server.port())) {
      peer.readHello();
      // A message before the handshake: the server must not take it for one.
      peer.tell(new Shutdown("let me in"));
      assertTrue(peer.closedByServer());
    }
    assertTrue(jobManager.sawNothing());
  }

  @Test
  void anOversizedFrameBeforeAuthenticationIsDisconnected() throws Exception {
    try (RawPeer peer = new RawPeer(server.port())) {
      peer.readHello();
      peer.out.writeInt(1024 * 1024);
      peer.out.write(new byte[4096]);
      peer.out.flush();
      assertTrue(peer.closedByServer());
    }
    Await.until("the server logs the frame size",
        () -> log.contains("announced a frame of 1048576 bytes before authenticating"));
    assertTrue(jobManager.sawNothing());
  }

  @Test
  void aSilentPeerIsDisconnectedAfterTheAuthenticationTimeout() throws Exception {
    try (RawPeer peer = new RawPeer(server.port())) {
      peer.readHello();
      assertTrue(peer.closedByServer(), "the server hangs up on a peer that never answers");
    }
    Await.until("the server logs the timeout", () -> log.contains("did not authenticate within 300 ms"));
    assertTrue(jobManager.sawNothing());
  }

  @Test
  void anOversizedFrameAfterAuthenticationClosesTheConnection() throws Exception {
    Heartbeat heartbeat = new Heartbeat("raw", 1, List.of());
    try (RawPeer peer = new RawPeer(server.port())) {
      peer.authenticate(secret);
      peer.tell(heartbeat);
      assertEquals(heartbeat, jobManager.awaitMessage(), "the hand-made client does speak the protocol");

      peer.out.writeInt(RpcSettings.DEFAULT_MAX_FRAME_BYTES + 1);
      peer.out.write(new byte[4096]);
      peer.out.flush();
      assertTrue(peer.closedByServer());
    }
    Throwable cause = jobManager.awaitClosed();
    assertContains("127.0.0.1:", cause.getMessage());
    assertContains("announced a frame of 16777217 bytes, more than the limit", cause.getMessage());
    assertTrue(jobManager.messages.isEmpty() && jobManager.requests.isEmpty());
  }

  @Test
  void aMalformedMessageAfterAuthenticationClosesTheConnection() throws Exception {
    try (RawPeer peer = new RawPeer(server.port())) {
      peer.authenticate(secret);
      peer.writeFrame(new byte[] {(byte) Frames.TELL, 0x7f, 1, 2, 3});
      peer.tell(new Shutdown("after the bad frame"));
      assertTrue(peer.closedByServer());
    }
    Throwable cause = jobManager.awaitClosed();
    assertContains("unknown RPC message type 127 (0x7f) at offset 0", cause.getMessage());
    assertTrue(jobManager.messages.isEmpty(), "nothing after the bad frame was delivered");
    assertTrue(log.contains("closing RPC connection with 127.0.0.1:"));
  }

  /** Collects the log lines of io.weft.core.rpc, at every level, to check what is and is not logged. */
  private static final class LogCapture extends AppenderSkeleton {
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger("io.weft.core.rpc");
    private Level previous;

    void start() {
      previous = logger.getLevel();
      logger.setLevel(Level.DEBUG);
      logger.addAppender(this);
    }

    void stop() {
      logger.removeAppender(this);
      logger.setLevel(previous);
    }

    boolean contains(String part) {
      return lines.stream().anyMatch(l -> l.contains(part));
    }

    @Override
    protected void append(LoggingEvent event) {
      String line = event.getRenderedMessage();
      if (event.getThrowableStrRep() != null) {
        line += "\n" + String.join("\n", event.getThrowableStrRep());
      }
      lines.add(line);
    }

    @Override
    public void close() {}

    @Override
    public boolean requiresLayout() {
      return false;
    }
  }
}
