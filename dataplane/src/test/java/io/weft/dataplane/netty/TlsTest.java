package io.weft.dataplane.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.core.auth.MutualAuth;
import io.weft.core.security.TlsContext;
import io.weft.core.types.BytesSerializer;
import io.weft.core.types.StringSerializer;
import io.weft.dataplane.element.EndOfPartition;
import io.weft.dataplane.memory.LocalBufferPool;
import io.weft.testing.Await;
import io.weft.testing.TestTls;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The data plane over mutual TLS: a consumer of the same application reads the partition; a
 * plaintext consumer, a hand-written plaintext peer, and a consumer presenting another
 * certificate (with the right secret) are refused, and nothing of the partition leaves the producer.
 */
@Timeout(120)
class TlsTest {
  private static TlsContext application;
  private static TlsContext otherApplication;

  @BeforeAll
  static void certificates() {
    application = TestTls.application("dataplane-test");
    otherApplication = TestTls.application("dataplane-test-other");
  }

  @Test
  void recordsCrossTaskManagersOverTls() throws Exception {
    try (TaskManagers tms = new TaskManagers(32 * 1024, TaskManagers.SECRET, TaskManagers.SECRET, application,
        application)) {
      Random random = new Random(11);
      List<Object> script = new ArrayList<>();
      for (int size : new int[] {10, 100 * 1024, 1 << 20, 0}) {
        byte[] v = new byte[size];
        random.nextBytes(v);
        script.add(v);
      }
      script.add(EndOfPartition.INSTANCE);
      ProducerChannel out = tms.produce("job/tls", 0);
      CompletableFuture<Void> written = tms.write(out, tms.pool(tms.producerMemory, "out", 1, 2, 2),
          BytesSerializer.INSTANCE, script);
      ConsumerChannel in = tms.request("job/tls", 0, tms.pool(tms.consumerMemory, "gate", 1, 2, 4), 0);

      List<Object> got = TaskManagers.readAll(in, BytesSerializer.INSTANCE, null);

      written.get(30, TimeUnit.SECONDS);
      assertEquals(script.size(), got.size());
      for (int i = 0; i < script.size() - 1; i++) {
        assertArrayEquals((byte[]) script.get(i), (byte[]) got.get(i), "record " + i);
      }
    }
  }

  @Test
  void aPlaintextConsumerWithTheSecretIsRefused() throws Exception {
    try (TaskManagers tms = new TaskManagers(1024, TaskManagers.SECRET, TaskManagers.SECRET, application,
        application);
        // It waits for a challenge the server never sends in clear; short timeouts keep the test quick.
        NettyTransport plaintext = NettyTransport.start(tms.config("tm-plaintext", TaskManagers.SECRET)
            .withTimeouts(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1)), new PartitionRegistry())) {
      ProducerChannel out = producerWithDataWaiting(tms);
      LocalBufferPool gate = tms.pool(tms.consumerMemory, "gate", 1, 2, 0);
      assertThrows(TransportException.class,
          () -> plaintext.requestPartition(tms.producer.address(), "job/tls", 0, gate, 0));
      assertFalse(out.isAttached(), "the refused consumer never got the producer channel");
      assertEquals(1, out.backlog(), "nothing was sent");
    }
  }

  @Test
  void aConsumerWithAnotherCertificateIsRefusedEvenWithTheSecret() throws Exception {
    try (TaskManagers tms = new TaskManagers(1024, TaskManagers.SECRET, TaskManagers.SECRET, application,
        otherApplication)) {
      ProducerChannel out = producerWithDataWaiting(tms);
      LocalBufferPool gate = tms.pool(tms.consumerMemory, "gate", 1, 2, 0);
      assertThrows(TransportException.class,
          () -> tms.consumer.requestPartition(tms.producer.address(), "job/tls", 0, gate, 0));
      assertFalse(out.isAttached(), "the refused consumer never got the producer channel");
      assertEquals(1, out.backlog(), "nothing was sent");
    }
  }

  @Test
  void aRawPlaintextPeerHearsNoChallengeAndIsClosed() throws Exception {
    try (TaskManagers tms = new TaskManagers(1024, TaskManagers.SECRET, TaskManagers.SECRET, application,
        application);
        // Short timeouts: netty may read plaintext as the start of a long SSLv2 record and wait for
        // its rest, and then the TLS handshake's timeout is what closes the connection.
        NettyTransport quick = NettyTransport.start(tms.config("tm-quick", TaskManagers.SECRET).withTls(application)
            .withTimeouts(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1)), tms.registry)) {
      ProducerChannel out = producerWithDataWaiting(tms);
      try (RawPeer peer = RawPeer.connect(quick.address())) {
        // Plaintext, the server speaks first (its challenge); under TLS it waits for a ClientHello
        // and hangs up on the plaintext answer below.
        byte[] response = new byte[MutualAuth.RESPONSE_BYTES];
        System.arraycopy(MutualAuth.PREAMBLE, 0, response, 0, MutualAuth.PREAMBLE.length);
        peer.send(FrameType.AUTH_RESPONSE, response);
        peer.send(FrameType.PARTITION_REQUEST, RawPeer.partitionRequest(0, "job/tls", 0, 5));
        assertTrue(peer.awaitClosedByPeer(), "the server closes the connection");
      }
      assertFalse(out.isAttached());
      assertEquals(1, out.backlog(), "nothing was sent");
    }
  }

  private static ProducerChannel producerWithDataWaiting(TaskManagers tms) throws Exception {
    ProducerChannel out = tms.produce("job/tls", 0);
    tms.write(out, tms.pool(tms.producerMemory, "out", 1, 2, 0), StringSerializer.INSTANCE,
        List.of("the data", EndOfPartition.INSTANCE));
    Await.until("the data is queued", () -> out.backlog() == 1);
    return out;
  }
}
