package io.weft.dataplane.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.testing.Await;
import io.weft.dataplane.memory.LocalBufferPool;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The consumer facing a producer that knows the secret but breaks the protocol: garbage, frames
 * beyond the limits, buffers beyond credit. Every channel on the connection fails naming the
 * producer's address, and nothing from the bad frame is delivered.
 */
@Timeout(120)
class ProducerMisbehaviourTest {
  private final LogCapture log = new LogCapture();
  private TaskManagers tms;
  private RawPeer.Listener fake;

  @BeforeEach
  void start() throws Exception {
    tms = new TaskManagers(1024);
    fake = new RawPeer.Listener();
  }

  @AfterEach
  void close() throws Exception {
    try {
      fake.close();
      tms.close();
    } finally {
      log.close();
    }
  }

  /** Opens two channels to the fake producer, lets {@code misbehave} act, returns them. */
  private ConsumerChannel[] channelsTo(Function<RawPeer, Void> misbehave) throws Exception {
    LocalBufferPool gate = tms.pool(tms.consumerMemory, "gate", 2, 2, 0);
    CompletableFuture<ConsumerChannel> first = CompletableFuture.supplyAsync(() -> {
      try {
        return tms.consumer.requestPartition(fake.address(), "job/p", 0, gate, 0);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    RawPeer peer = fake.peer();
    peer.authenticateAsServer(TaskManagers.SECRET);
    ConsumerChannel a = first.get();
    ConsumerChannel b = tms.consumer.requestPartition(fake.address(), "job/p", 1, gate, 1);
    ByteBuffer requestA = peer.expect(FrameType.PARTITION_REQUEST).body();
    ByteBuffer requestB = peer.expect(FrameType.PARTITION_REQUEST).body();
    assertEquals(0, requestA.getInt());
    assertEquals(1, requestB.getInt());
    assertEquals(2, requestA.getInt(8), "initial credit = exclusive buffers");
    misbehave.apply(peer);
    return new ConsumerChannel[] {a, b};
  }

  private void assertFailedWithNothingDelivered(ConsumerChannel[] channels, String problem, int delivered)
      throws Exception {
    for (ConsumerChannel c : channels) {
      Await.until(c + " fails", c::isFailed);
      TransportException e = assertThrows(TransportException.class, c::poll);
      assertTrue(e.getMessage().contains(Addresses.of(fake.address())), e.getMessage());
      assertTrue(e.getMessage().contains(problem), e.getMessage());
      assertEquals(0, c.queued(), "nothing waits for the consumer");
    }
    assertEquals(delivered, channels[0].buffersReceived());
    assertEquals(0, channels[1].buffersReceived());
    Await.until("the connection is dropped from the cache", () -> tms.consumer.clientConnections() == 0);
    assertTrue(log.contains("WARN", "closing connection to " + Addresses.of(fake.address())), log.lines().toString());
  }

  private static Void send(RawPeer peer, byte[] bytes) {
    try {
      peer.sendRaw(bytes);
      return null;
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  private static byte[] frame(int type, int declaredLength, byte[] body) {
    return ByteBuffer.allocate(9 + body.length).putInt(Frames.MAGIC).put((byte) type).putInt(declaredLength)
        .put(body).array();
  }

  private static byte[] validBuffer(int channel, int sequence) {
    byte[] body = RawPeer.buffer(channel, sequence, 0, new byte[] {0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1});
    return frame(FrameType.BUFFER.code, body.length, body);
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void randomBytesFailTheChannels() throws Exception {
    byte[] garbage = new byte[300];
    new Random(5).nextBytes(garbage);
    assertFailedWithNothingDelivered(channelsTo(p -> send(p, concat(garbage, validBuffer(0, 0)))), "bad magic", 0);
  }

  @Test
  void anOversizedFrameFailsTheChannels() throws Exception {
    byte[] big = frame(FrameType.BUFFER.code, 12 + 1024 + 1, RawPeer.buffer(0, 0, 0, new byte[1025]));
    assertFailedWithNothingDelivered(channelsTo(p -> send(p, concat(big, validBuffer(0, 0)))), "outside", 0);
  }

  @Test
  void anUnknownFrameTypeFailsTheChannels() throws Exception {
    assertFailedWithNothingDelivered(channelsTo(p -> send(p, concat(frame(77, 4, new byte[4]), validBuffer(0, 0)))),
        "unknown frame type 77", 0);
  }

  @Test
  void aBufferBeyondCreditFailsTheChannels() throws Exception {
    // Initial credit is 2; the third buffer is one too many.
    assertFailedWithNothingDelivered(channelsTo(p -> send(p, concat(validBuffer(0, 0), validBuffer(0, 1),
        validBuffer(0, 2)))), "buffer without credit (buffer 3, credit granted 2)", 2);
  }

  @Test
  void aSequenceGapFailsTheChannels() throws Exception {
    assertFailedWithNothingDelivered(channelsTo(p -> send(p, concat(validBuffer(0, 0), validBuffer(0, 2)))),
        "sequence number 2, expected 1", 1);
  }

  @Test
  void aCorruptEventFailsTheChannels() throws Exception {
    byte[] body = ByteBuffer.allocate(9).putInt(0).putInt(0).put((byte) 99).array();
    assertFailedWithNothingDelivered(channelsTo(p -> send(p, frame(FrameType.EVENT.code, 9, body))),
        "unknown event tag 99", 0);
  }
}
