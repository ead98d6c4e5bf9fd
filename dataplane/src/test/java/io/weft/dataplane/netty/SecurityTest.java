package io.weft.dataplane.netty;

import io.weft.testing.Await;
import io.weft.core.auth.MutualAuth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.core.types.StringSerializer;
import io.weft.dataplane.element.EndOfPartition;
import io.weft.dataplane.memory.LocalBufferPool;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Peers that do not know the secret, or that send anything but the protocol, are disconnected
 * and logged, and nothing they send reaches a channel.
 */
@Timeout(120)
class SecurityTest {
  private static final byte[] WRONG = "some-other-application-secret".getBytes(StandardCharsets.US_ASCII);

  private final LogCapture log = new LogCapture();
  private TaskManagers tms;
  private ProducerChannel out;

  @BeforeEach
  void producerWithDataWaiting() throws Exception {
    tms = new TaskManagers(1024);
    out = tms.produce("job/secret", 0);
    tms.write(out, tms.pool(tms.producerMemory, "out", 1, 2, 0), StringSerializer.INSTANCE,
        List.of("the data", EndOfPartition.INSTANCE));
    Await.until("the data is queued", () -> out.backlog() == 1);
  }

  @AfterEach
  void close() throws Exception {
    try {
      assertFalse(out.isAttached(), "no consumer ever got the producer channel");
      assertEquals(1, out.backlog(), "nothing was sent");
    } finally {
      try {
        tms.close();
      } finally {
        log.close();
      }
    }
  }

  @Test
  void aTaskManagerWithTheWrongSecretIsRefused() throws Exception {
    try (NettyTransport stranger = NettyTransport.start(tms.config("tm-stranger", WRONG), new PartitionRegistry())) {
      LocalBufferPool gate = tms.pool(tms.consumerMemory, "gate", 1, 2, 0);
      TransportException e = assertThrows(TransportException.class,
          () -> stranger.requestPartition(tms.producer.address(), "job/secret", 0, gate, 0));
      String producer = Addresses.of(tms.producer.address());
      assertTrue(e.getMessage().contains("authentication with " + producer + " failed"), e.getMessage());
      // The connecting side proves itself first, so the producer is the one that finds the proof wrong.
      assertTrue(log.contains("rejected connection from ", "wrong authentication proof"), log.lines().toString());
      assertTrue(log.contains("rejected connection to " + producer, "server refused"), log.lines().toString());
      // The refusal reaches the caller before the connection's close listener has run.
      Await.until("the stranger closed its refused connection", () -> stranger.clientConnections() == 0);
    }
  }

  @Test
  void aClientWithAWrongProofIsDisconnectedAndLogged() throws Exception {
    try (RawPeer peer = RawPeer.connect(tms.producer.address())) {
      peer.authenticateAsClient(WRONG);
      try {
        peer.send(FrameType.PARTITION_REQUEST, RawPeer.partitionRequest(0, "job/secret", 0, 5));
      } catch (java.net.SocketException closedAlready) {
        // The server may refuse and close before the request is written: the refusal is still there to read.
      }
      RawPeer.RawFrame refusal = peer.expect(FrameType.ERROR);
      assertEquals(Frames.CONNECTION, refusal.body().getInt());
      assertTrue(peer.awaitClosedByPeer(), "the server closes the connection");
      Await.until("the refusal is logged with the peer's address",
          () -> log.contains("WARN", "rejected connection from " + peer.localAddress(), "wrong authentication proof"));
    }
  }

  /**
   * The server is no proof oracle: a caller that sends a nonce of its choosing, and a proof it
   * cannot make, gets the server's hello and a refusal, never an HMAC of the secret.
   */
  @Test
  void anUnauthenticatedChallengeGetsNoProofFromTheServer() throws Exception {
    try (RawPeer peer = RawPeer.connect(tms.producer.address())) {
      peer.expect(FrameType.AUTH_CHALLENGE); // the server speaks first: its own nonce, nothing more
      byte[] chosenNonceAndNoProof = new byte[MutualAuth.RESPONSE_BYTES];
      System.arraycopy(MutualAuth.PREAMBLE, 0, chosenNonceAndNoProof, 0, MutualAuth.PREAMBLE.length);
      java.util.Arrays.fill(chosenNonceAndNoProof, MutualAuth.PREAMBLE.length,
          MutualAuth.PREAMBLE.length + MutualAuth.NONCE_BYTES, (byte) 7);
      peer.send(FrameType.AUTH_RESPONSE, chosenNonceAndNoProof);
      RawPeer.RawFrame answer = peer.expect(FrameType.ERROR);
      assertEquals(Frames.CONNECTION, answer.body().getInt());
      assertTrue(peer.awaitClosedByPeer(), "the server closes the connection");
    }
  }

  @Test
  void aRequestBeforeAuthenticatingIsDisconnectedAndLogged() throws Exception {
    try (RawPeer peer = RawPeer.connect(tms.producer.address())) {
      peer.send(FrameType.PARTITION_REQUEST, RawPeer.partitionRequest(0, "job/secret", 0, 5));
      assertTrue(peer.awaitClosedByPeer());
      Await.until("the refusal is logged", () -> log.contains("rejected connection from " + peer.localAddress(),
          "sent PARTITION_REQUEST before authenticating"));
    }
  }

  @Test
  void aPeerThatNeverAuthenticatesIsDisconnected() throws Exception {
    tms.producer.close();
    try (NettyTransport quick = NettyTransport.start(tms.config("tm-quick", TaskManagers.SECRET)
        .withTimeouts(java.time.Duration.ofSeconds(1), java.time.Duration.ofMillis(300)), tms.registry);
        RawPeer peer = RawPeer.connect(quick.address())) {
      assertTrue(peer.awaitClosedByPeer());
      Await.until("the timeout is logged", () -> log.contains("did not authenticate within 300 ms"));
    }
  }

  private void assertGarbageClosesTheServerConnection(boolean authenticate, byte[] garbage, String logged)
      throws Exception {
    try (RawPeer peer = RawPeer.connect(tms.producer.address())) {
      if (authenticate) {
        peer.authenticateAsClient(TaskManagers.SECRET);
      }
      // A valid request right behind the garbage: it must not be served.
      byte[] request = RawPeer.partitionRequest(0, "job/secret", 0, 5);
      ByteBuffer both = ByteBuffer.allocate(garbage.length + 9 + request.length).put(garbage)
          .putInt(Frames.MAGIC).put(FrameType.PARTITION_REQUEST.code).putInt(request.length).put(request);
      peer.sendRaw(both.array());
      assertTrue(peer.awaitClosedByPeer(), "the server closes the connection");
      Await.until("the violation is logged with the address: " + logged,
          () -> log.contains("WARN", peer.localAddress(), logged));
    }
  }

  private static byte[] header(int type, int length) {
    return ByteBuffer.allocate(9).putInt(Frames.MAGIC).put((byte) type).putInt(length).array();
  }

  @Test
  void randomBytesCloseTheConnection() throws Exception {
    byte[] garbage = new byte[500];
    new Random(3).nextBytes(garbage);
    assertGarbageClosesTheServerConnection(false, garbage, "bad magic");
    assertGarbageClosesTheServerConnection(true, garbage, "bad magic");
  }

  @Test
  void anOversizedLengthClosesTheConnection() throws Exception {
    assertGarbageClosesTheServerConnection(false, header(FrameType.BUFFER.code, 1 << 30), "outside");
    assertGarbageClosesTheServerConnection(true, header(FrameType.ADD_CREDIT.code, 1 << 30), "outside");
  }

  @Test
  void anUnknownFrameTypeClosesTheConnection() throws Exception {
    assertGarbageClosesTheServerConnection(false, header(42, 4), "unknown frame type 42");
    assertGarbageClosesTheServerConnection(true, header(42, 4), "unknown frame type 42");
  }

  @Test
  void aFrameOnlyProducersSendClosesTheConnection() throws Exception {
    byte[] buffer = RawPeer.buffer(0, 0, 0, new byte[] {1});
    byte[] frame = ByteBuffer.allocate(9 + buffer.length).put(header(FrameType.BUFFER.code, buffer.length))
        .put(buffer).array();
    assertGarbageClosesTheServerConnection(true, frame, "must not send BUFFER");
  }
}
