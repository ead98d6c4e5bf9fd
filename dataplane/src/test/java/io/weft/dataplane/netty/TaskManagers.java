package io.weft.dataplane.netty;

import io.weft.core.security.TlsContext;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.core.types.TypeSerializer;
import io.weft.dataplane.element.EndOfPartition;
import io.weft.dataplane.element.StreamRecord;
import io.weft.dataplane.memory.LocalBufferPool;
import io.weft.dataplane.memory.MemorySegment;
import io.weft.dataplane.memory.NetworkBufferPool;
import io.weft.dataplane.serialization.EventCodec;
import io.weft.dataplane.serialization.RecordDecoder;
import io.weft.dataplane.serialization.RecordEncoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Two TaskManagers' transports and network memory on loopback: "producer" serves partitions,
 * "consumer" reads them. Closing checks that every segment came back and every netty thread ended.
 */
final class TaskManagers implements AutoCloseable {
  static final byte[] SECRET = "application-secret-0123456789".getBytes(StandardCharsets.US_ASCII);

  final int segmentSize;
  final NetworkBufferPool producerMemory;
  final NetworkBufferPool consumerMemory;
  final PartitionRegistry registry = new PartitionRegistry();
  final NettyTransport producer;
  final NettyTransport consumer;
  private final List<LocalBufferPool> pools = new CopyOnWriteArrayList<>();
  private final List<ConsumerChannel> channels = new CopyOnWriteArrayList<>();
  private final List<ProducerChannel> producerChannels = new CopyOnWriteArrayList<>();
  private final List<Thread> writers = new CopyOnWriteArrayList<>();
  /** How long the producer's side holds a request for a partition not registered yet. */
  private final Duration partitionRequestTimeout;

  TaskManagers(int segmentSize) throws IOException {
    this(segmentSize, SECRET, SECRET);
  }

  /** With a producer that holds a request for a partition not registered yet for {@code partitionRequestTimeout}. */
  TaskManagers(int segmentSize, Duration partitionRequestTimeout) throws IOException {
    this(segmentSize, SECRET, SECRET, null, null, partitionRequestTimeout);
  }

  TaskManagers(int segmentSize, byte[] producerSecret, byte[] consumerSecret) throws IOException {
    this(segmentSize, producerSecret, consumerSecret, null, null);
  }

  /** With TLS contexts (null: plaintext) for either side. */
  TaskManagers(int segmentSize, byte[] producerSecret, byte[] consumerSecret, TlsContext producerTls,
      TlsContext consumerTls) throws IOException {
    this(segmentSize, producerSecret, consumerSecret, producerTls, consumerTls, PARTITION_REQUEST_TIMEOUT);
  }

  private TaskManagers(int segmentSize, byte[] producerSecret, byte[] consumerSecret, TlsContext producerTls,
      TlsContext consumerTls, Duration partitionRequestTimeout) throws IOException {
    this.segmentSize = segmentSize;
    this.partitionRequestTimeout = partitionRequestTimeout;
    producerMemory = new NetworkBufferPool(256, segmentSize);
    consumerMemory = new NetworkBufferPool(256, segmentSize);
    producer = NettyTransport.start(config("tm-producer", producerSecret).withTls(producerTls), registry);
    NettyTransport c;
    try {
      c = NettyTransport.start(config("tm-consumer", consumerSecret).withTls(consumerTls), new PartitionRegistry());
    } catch (IOException e) {
      producer.close();
      throw e;
    }
    consumer = c;
  }

  /** Short, so a request for a partition that never comes is refused quickly. */
  static final Duration PARTITION_REQUEST_TIMEOUT = Duration.ofMillis(500);

  TransportConfig config(String name, byte[] secret) {
    return TransportConfig.of(name, "127.0.0.1", 0, secret).withSegmentSize(segmentSize).withEventLoopThreads(2)
        .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10))
        .withPartitionRequestTimeout(partitionRequestTimeout);
  }

  LocalBufferPool pool(NetworkBufferPool memory, String name, int channels, int exclusive, int floating)
      throws Exception {
    LocalBufferPool p = new LocalBufferPool(memory, name, channels, exclusive, floating, Duration.ofSeconds(5));
    pools.add(p);
    return p;
  }

  ProducerChannel produce(String partitionId, int subpartition) {
    ProducerChannel p = new ProducerChannel(partitionId, subpartition);
    registry.register(p);
    producerChannels.add(p);
    return p;
  }

  ConsumerChannel request(String partitionId, int subpartition, LocalBufferPool pool, int poolChannel)
      throws Exception {
    ConsumerChannel c = consumer.requestPartition(producer.address(), partitionId, subpartition, pool, poolChannel);
    channels.add(c);
    return c;
  }

  /**
   * Writes {@code script} on a new thread: values as records (timestamp = position in the script),
   * events as events, each event after a flush as the real writer does. The future fails with
   * whatever the writer hit.
   */
  <T> CompletableFuture<Void> write(ProducerChannel channel, LocalBufferPool pool, TypeSerializer<T> serializer,
      List<?> script) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      RecordEncoder<T> encoder = new RecordEncoder<>(serializer, () -> pool.requestBlocking(0), channel::addBuffer);
      try {
        for (int i = 0; i < script.size(); i++) {
          Object item = script.get(i);
          if (EventCodec.isEvent(item)) {
            encoder.flush();
            channel.addEvent(item);
          } else {
            @SuppressWarnings("unchecked")
            T value = (T) item;
            encoder.write(value, i);
          }
        }
        encoder.flush();
        done.complete(null);
      } catch (Throwable e) {
        encoder.close();
        done.completeExceptionally(e);
      }
    }, "writer-" + channel);
    t.setDaemon(true);
    writers.add(t);
    t.start();
    return done;
  }

  /**
   * Reads a channel up to its end of partition, returning values and events in order; checks at
   * every step that the producer never had more buffers out than the consumer granted credit for.
   */
  static <T> List<Object> readAll(ConsumerChannel channel, TypeSerializer<T> serializer, List<Long> timestamps)
      throws Exception {
    RecordDecoder<T> decoder = new RecordDecoder<>(serializer, channel.toString());
    StreamRecord<T> record = new StreamRecord<>(null);
    List<Object> out = new ArrayList<>();
    while (true) {
      Object item = channel.take(Conditions.DEADLINE);
      if (item == null) {
        throw new AssertionError(channel + ": nothing arrived within " + Conditions.DEADLINE + ", got " + out.size());
      }
      if (channel.buffersReceived() > channel.creditGranted()) {
        throw new AssertionError(channel + ": " + channel.buffersReceived() + " buffers for "
            + channel.creditGranted() + " credit");
      }
      if (item instanceof MemorySegment segment) {
        decoder.setSegment(segment);
        while (decoder.next(record)) {
          out.add(record.getValue());
          if (timestamps != null) {
            timestamps.add(record.getTimestamp());
          }
        }
        segment.recycle();
      } else {
        decoder.checkRecordBoundary();
        out.add(item);
        if (item instanceof EndOfPartition) {
          return out;
        }
      }
    }
  }

  @Override
  public void close() throws Exception {
    for (ConsumerChannel c : channels) {
      c.close();
    }
    for (ProducerChannel p : producerChannels) {
      p.fail(new IOException("test over")); // releases whatever was never requested
    }
    consumer.close();
    producer.close();
    for (LocalBufferPool p : pools) {
      p.destroy(); // wakes writers still waiting for a segment
    }
    for (Thread t : writers) {
      t.join(Conditions.DEADLINE.toMillis());
    }
    Conditions.assertNoTransportThreads();
    assertEquals(0, producerMemory.destroy(), "segments leaked on the producer");
    assertEquals(0, consumerMemory.destroy(), "segments leaked on the consumer");
  }
}
