package io.weft.dataplane.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import io.weft.dataplane.memory.LocalBufferPool;
import io.weft.dataplane.memory.MemorySegment;
import io.weft.dataplane.memory.NetworkBufferPool;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Received segments borrow the network buffers their bytes arrived in instead of copying them:
 * each test counts the references of every buffer fed to the connection. A buffer holding bytes
 * of a queued segment stays referenced (no use after release); once every segment is recycled, or
 * the channel closes or fails, every buffer is released (no leak); and credit goes back to the
 * producer only once the segment, and so the buffer, is free.
 */
class ReceivedBufferOwnershipTest {
  private static final int SEGMENT = 4096;
  private static ResourceLeakDetector.Level leakLevel;

  private final NetworkBufferPool memory = new NetworkBufferPool(8, SEGMENT);
  private final ClientHandler connection = new ClientHandler(new InetSocketAddress("127.0.0.1", 1));
  private final EmbeddedChannel wire = new EmbeddedChannel(new FrameDecoder(SEGMENT), connection);
  /** What was fed to the connection, one buffer per socket read, and where each lies in the stream. */
  private final List<ByteBuf> reads = new ArrayList<>();
  private final List<long[]> readRanges = new ArrayList<>();
  /** Where each BUFFER frame's data lies in the stream. */
  private final List<long[]> dataRanges = new ArrayList<>();
  private final ByteBuf stream = Unpooled.buffer();
  private LocalBufferPool pool;

  @BeforeAll
  static void paranoid() {
    leakLevel = ResourceLeakDetector.getLevel();
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
  }

  @AfterAll
  static void restore() {
    ResourceLeakDetector.setLevel(leakLevel);
  }

  @AfterEach
  void cleanUp() {
    wire.finishAndReleaseAll();
    stream.release();
    pool.destroy();
    assertEquals(0, memory.destroy(), "leaked segments");
  }

  private ConsumerChannel open(int exclusive) throws Exception {
    pool = new LocalBufferPool(memory, "gate", 1, exclusive, 0, Duration.ZERO);
    ConsumerChannel channel = connection.open("p", 0, pool, 0);
    wire.runPendingTasks();
    ByteBuf request = wire.readOutbound();
    request.release();
    return channel;
  }

  private static byte[] data(int sequence, int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (sequence * 31 + i);
    }
    return b;
  }

  /** Appends a BUFFER frame to the stream the producer sends. */
  private void frame(int sequence, int length) {
    ByteBuf header = Frames.bufferHeader(Unpooled.buffer().alloc(), 0, sequence, 0, length);
    stream.writeBytes(header);
    header.release();
    dataRanges.add(new long[] {stream.writerIndex(), stream.writerIndex() + length});
    stream.writeBytes(data(sequence, length));
  }

  /** Feeds the stream to the connection in reads of the given sizes (the last one repeated), as pooled direct buffers. */
  private void feed(int... sizes) {
    for (int i = 0; stream.isReadable(); i++) {
      int n = Math.min(stream.readableBytes(), sizes[Math.min(i, sizes.length - 1)]);
      ByteBuf read = PooledByteBufAllocator.DEFAULT.directBuffer(n);
      readRanges.add(new long[] {stream.readerIndex(), stream.readerIndex() + n});
      read.writeBytes(stream, n);
      reads.add(read.retain()); // our reference, to watch the count; dropped in releasedReads()
      wire.writeInbound(read);
    }
  }

  /** Whether each read buffer holding bytes of frame {@code i}'s data is still referenced by the connection. */
  private void assertDataHeld(int frame) {
    long[] data = dataRanges.get(frame);
    for (int r = 0; r < reads.size(); r++) {
      long[] range = readRanges.get(r);
      if (range[0] < data[1] && data[0] < range[1]) {
        assertTrue(reads.get(r).refCnt() > 1, "read " + r + " holds bytes of queued segment " + frame);
      }
    }
  }

  /** Drops our own references and checks that nothing else holds any of the reads. */
  private void assertAllReadsReleased() {
    for (int r = 0; r < reads.size(); r++) {
      assertEquals(1, reads.get(r).refCnt(), "read " + r + " is still held by the connection");
      assertTrue(reads.get(r).release());
    }
  }

  private static byte[] bytes(MemorySegment s) {
    byte[] out = new byte[s.length()];
    int at = 0;
    for (ByteBuffer part : s.parts()) {
      int n = part.remaining();
      part.get(out, at, n);
      at += n;
    }
    return out;
  }

  private void creditFrames(Consumer<Integer> onCredit) {
    wire.runPendingTasks();
    for (ByteBuf out = wire.readOutbound(); out != null; out = wire.readOutbound()) {
      assertEquals(FrameType.ADD_CREDIT.code, out.getByte(4));
      onCredit.accept(out.getInt(Frames.HEADER_LENGTH + 4));
      out.release();
    }
  }

  @Test
  void segmentsReadTheNetworkBuffersInPlaceUntilRecycledAndCreditFollowsTheRelease() throws Exception {
    ConsumerChannel in = open(3);
    int[] lengths = {SEGMENT, 1000, SEGMENT - 1};
    for (int i = 0; i < lengths.length; i++) {
      frame(i, lengths[i]);
    }
    feed(700, 1500); // frames span reads: their data lies in several buffers
    assertEquals(3, in.buffersReceived());
    List<MemorySegment> segments = new ArrayList<>();
    for (int i = 0; i < lengths.length; i++) {
      MemorySegment s = assertInstanceOf(MemorySegment.class, in.poll());
      assertTrue(s.isBorrowed(), "not copied into the segment");
      segments.add(s);
    }
    assertTrue(segments.get(0).parts().length > 1, "a frame spanning reads is read from its pieces");
    for (int i = 0; i < lengths.length; i++) {
      assertDataHeld(i);
      assertArrayEquals(data(i, lengths[i]), bytes(segments.get(i)), "segment " + i);
    }
    int[] credit = {0};
    creditFrames(c -> credit[0] += c);
    assertEquals(0, credit[0], "no credit while every segment is still in use");

    for (int i = 0; i < lengths.length; i++) {
      segments.get(i).recycle();
      creditFrames(c -> credit[0] += c);
      // The producer has none left, so the first recycled segment goes back as credit at once;
      // later ones may wait for its next buffer (deferred announcement), never go back early.
      assertTrue(credit[0] >= 1 && credit[0] <= i + 1, credit[0] + " credit for " + (i + 1) + " recycled segments");
      for (int j = i + 1; j < lengths.length; j++) {
        assertDataHeld(j);
      }
    }
    assertEquals(3 + credit[0], in.creditGranted());
    assertAllReadsReleased();
    in.close();
  }

  @Test
  void closingTheChannelReleasesWhatIsStillQueued() throws Exception {
    ConsumerChannel in = open(3);
    frame(0, 3000);
    frame(1, 3000);
    frame(2, 10);
    feed(1024);
    MemorySegment taken = (MemorySegment) in.poll();
    assertDataHeld(1);
    assertDataHeld(2);
    in.close();
    assertDataHeld(0); // the task still has it: closing the channel must not pull it away
    assertArrayEquals(data(0, 3000), bytes(taken));
    taken.recycle();
    wire.runPendingTasks();
    ByteBuf close = wire.readOutbound();
    assertEquals(FrameType.CLOSE.code, close.getByte(4));
    close.release();
    assertAllReadsReleased();
  }

  @Test
  void aLostConnectionReleasesWhatIsStillQueued() throws Exception {
    ConsumerChannel in = open(2);
    frame(0, 2000);
    frame(1, SEGMENT);
    feed(SEGMENT + 100, 50);
    assertEquals(2, in.queued());
    wire.close(); // channelInactive fails every channel
    assertTrue(in.isFailed());
    assertTrue(connection.ready.isCompletedExceptionally());
    assertAllReadsReleased();
    in.close();
  }
}
