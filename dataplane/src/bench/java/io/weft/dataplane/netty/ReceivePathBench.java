package io.weft.dataplane.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.weft.core.types.BytesSerializer;
import io.weft.dataplane.element.StreamRecord;
import io.weft.dataplane.memory.LocalBufferPool;
import io.weft.dataplane.memory.MemorySegment;
import io.weft.dataplane.memory.NetworkBufferPool;
import io.weft.dataplane.serialization.RecordDecoder;
import io.weft.dataplane.serialization.RecordEncoder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The receiving side's own work per 32 KiB segment, on one thread and without a socket: what
 * arrives in netty's read buffers goes through the frame decoder and the consumer's connection
 * handler, and is polled, deserialized into new {@code byte[]}s and recycled, as the receiving
 * JVM of {@link io.weft.dataplane.bench.TransportBench} does. It counts the thread's CPU time, not
 * the elapsed time, so other load on the machine moves it much less than the two-JVM rates: it
 * prices what a change to the receive path saves (the copy into the segment), not the wakeups
 * and the kernel. The read buffers are filled by a copy from a prepared stream, which stands for
 * the kernel's copy into them and is the same for every variant.
 *
 * <pre>
 * java -cp dataplane/target/test-classes:dataplane/target/classes:$(cat dataplane/target/bench-classpath.txt) \
 *     io.weft.dataplane.netty.ReceivePathBench 10240 65536 5
 * </pre>
 * Arguments: record size, read size (bytes per socket read), rounds of about 2 s. The harness
 * recycles only after each read, so a read of more than about four segments runs out of the
 * channel's 12 credits (a protocol violation ends the run).
 */
public final class ReceivePathBench {
  private static final int SEGMENT = MemorySegment.DEFAULT_SIZE;
  private static final int FRAMES = 256; // 8 MiB of frames per pass

  private ReceivePathBench() {}

  public static void main(String[] args) throws Exception {
    int recordSize = Integer.parseInt(args[0]);
    int readSize = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    ByteBuf stream = stream(recordSize);
    NetworkBufferPool memory = new NetworkBufferPool(16, SEGMENT);
    ClientHandler connection = new ClientHandler(new InetSocketAddress("127.0.0.1", 1));
    EmbeddedChannel wire = new EmbeddedChannel(new FrameDecoder(SEGMENT), connection);
    LocalBufferPool pool = new LocalBufferPool(memory, "gate", 1, 12, 0, Duration.ZERO);
    ConsumerChannel in = connection.open("p", 0, pool, 0);
    drainOutbound(wire);
    RecordDecoder<byte[]> decoder = new RecordDecoder<>(BytesSerializer.INSTANCE, in.toString());
    StreamRecord<byte[]> record = new StreamRecord<>(null);
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    int sequence = 0;
    long sink = 0;
    for (int round = 0; round <= rounds; round++) { // round 0 warms up
      long cpuStart = cpu.getCurrentThreadCpuTime();
      long wallStart = System.nanoTime();
      long segments = 0;
      while (System.nanoTime() - wallStart < 2_000_000_000L) {
        renumber(stream, sequence);
        sequence += FRAMES;
        for (int at = 0; at < stream.writerIndex(); at += readSize) {
          int n = Math.min(readSize, stream.writerIndex() - at);
          ByteBuf read = PooledByteBufAllocator.DEFAULT.directBuffer(n);
          read.writeBytes(stream, at, n);
          wire.writeInbound(read);
          for (Object item = in.poll(); item != null; item = in.poll()) {
            MemorySegment segment = (MemorySegment) item;
            decoder.setSegment(segment);
            while (decoder.next(record)) {
              sink += record.getValue().length;
            }
            segment.recycle();
            segments++;
          }
          drainOutbound(wire);
        }
      }
      double micros = (cpu.getCurrentThreadCpuTime() - cpuStart) / 1e3 / segments;
      if (round > 0) {
        System.out.printf(Locale.ROOT, "round %d: %d B records, %d B reads: %.2f us of CPU per %d KiB segment%n",
            round, recordSize, readSize, micros, SEGMENT / 1024);
      }
    }
    if (sink == 42) {
      System.out.println();
    }
    in.close();
    wire.finishAndReleaseAll();
    stream.release();
    pool.destroy();
    memory.destroy();
  }

  /** Credit frames and the like, which a socket would carry back to the producer. */
  private static void drainOutbound(EmbeddedChannel wire) {
    wire.runPendingTasks();
    for (Object out = wire.readOutbound(); out != null; out = wire.readOutbound()) {
      ((ByteBuf) out).release();
    }
  }

  /** FRAMES full BUFFER frames of records as the producer sends them. */
  private static ByteBuf stream(int recordSize) throws Exception {
    NetworkBufferPool memory = new NetworkBufferPool(FRAMES + 1, SEGMENT);
    List<MemorySegment> segments = new ArrayList<>();
    RecordEncoder<byte[]> encoder = new RecordEncoder<>(BytesSerializer.INSTANCE,
        () -> memory.requestSegments(1, Duration.ZERO).get(0), segments::add);
    byte[] value = new byte[recordSize];
    new SecureRandom().nextBytes(value);
    for (long n = 0; segments.size() < FRAMES - 1; n++) {
      encoder.write(value, n);
    }
    encoder.flush(); // the pass ends with a whole record, so it can be sent again and again
    if (segments.size() != FRAMES) {
      throw new IllegalStateException(segments.size() + " segments");
    }
    ByteBuf stream = Unpooled.buffer();
    for (MemorySegment s : segments) {
      ByteBuf header = Frames.bufferHeader(Unpooled.buffer().alloc(), 0, 0, 0, s.length());
      stream.writeBytes(header);
      header.release();
      stream.writeBytes(s.data());
      s.recycle();
    }
    memory.destroy();
    return stream;
  }

  /** Sets the frames' sequence numbers to follow on from the previous pass. */
  private static void renumber(ByteBuf stream, int first) {
    int at = 0;
    for (int i = 0; i < FRAMES; i++) {
      stream.setInt(at + Frames.HEADER_LENGTH + 4, first + i);
      at += Frames.HEADER_LENGTH + stream.getInt(at + 5);
    }
  }
}
