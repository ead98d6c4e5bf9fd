package io.weft.dataplane.remote;

import io.weft.core.types.TypeSerializer;
import io.weft.dataplane.channel.InputChannel;
import io.weft.dataplane.channel.InputGate;
import io.weft.dataplane.element.RecordBatch;
import io.weft.dataplane.element.StreamRecord;
import io.weft.dataplane.memory.LocalBufferPool;
import io.weft.dataplane.memory.MemorySegment;
import io.weft.dataplane.netty.ConsumerChannel;
import io.weft.dataplane.netty.NettyTransport;
import io.weft.dataplane.serialization.RecordDecoder;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A channel reading one subpartition produced in another TaskManager. Each received buffer is
 * decoded into a batch of records for the task; events pass through as they are. The buffer goes
 * back to its pool, and so becomes credit for the producer again, as soon as it is decoded.
 */
public final class RemoteInputChannel<T> implements InputChannel {
  private final NettyTransport transport;
  private final InetSocketAddress producer;
  private final String partitionId;
  private final int subpartition;
  private final LocalBufferPool pool;
  private final int poolChannel;
  private final RecordDecoder<T> decoder;
  private final StreamRecord<T> record = new StreamRecord<>(null);
  private InputGate gate;
  private int index;
  private volatile ConsumerChannel consumer;
  private MemorySegment current;
  /** Records decoded from the current segment so far, and from the previous one. */
  private int recordsInCurrent;
  private int recordsInPrevious;

  RemoteInputChannel(NettyTransport transport, InetSocketAddress producer, String partitionId, int subpartition,
      LocalBufferPool pool, int poolChannel, TypeSerializer<T> serializer, String name) {
    this.transport = transport;
    this.producer = producer;
    this.partitionId = partitionId;
    this.subpartition = subpartition;
    this.pool = pool;
    this.poolChannel = poolChannel;
    this.decoder = new RecordDecoder<>(serializer, name);
  }

  @Override
  public void attach(InputGate gate, int index) {
    this.gate = gate;
    this.index = index;
  }

  @Override
  public void open() throws IOException, InterruptedException {
    ConsumerChannel c = transport.requestPartition(producer, partitionId, subpartition, pool, poolChannel);
    consumer = c;
    c.setListener(ch -> gate.channelBecameAvailable(index));
  }

  @Override
  public Object take(boolean[] stillAvailable) throws IOException {
    ConsumerChannel c = consumer;
    while (true) {
      if (current != null) {
        RecordBatch batch = decodeCurrent();
        if (batch != null) {
          stillAvailable[0] = current != null || c.queued() > 0;
          return batch;
        }
      }
      Object item = c.poll();
      if (item == null) {
        stillAvailable[0] = false;
        return null;
      }
      if (item instanceof MemorySegment segment) {
        decoder.setSegment(segment);
        current = segment;
        recordsInCurrent = 0;
      } else {
        stillAvailable[0] = c.queued() > 0;
        return item;
      }
    }
  }

  /** The complete records of the current buffer, or null if it ends inside a record. */
  private RecordBatch decodeCurrent() throws IOException {
    RecordBatch batch = null;
    while (true) {
      if (!decoder.next(record)) {
        MemorySegment done = current;
        current = null;
        recordsInPrevious = recordsInCurrent;
        done.recycle();
        return batch;
      }
      if (batch == null) {
        batch = new RecordBatch(batchCapacity());
      }
      recordsInCurrent++;
      if (batch.add(record.getValue(), record.getTimestamp())) {
        return batch; // full: the rest of the buffer comes with the next take
      }
    }
  }

  /**
   * Room for as many records as the previous segment held, and a little more: segments of one
   * channel tend to hold alike records, and slots never filled are allocated (and zeroed) for
   * nothing. A batch that fills up early just leaves the rest of the segment to the next take.
   */
  private int batchCapacity() {
    int expected = recordsInPrevious > 0 ? recordsInPrevious + recordsInPrevious / 8 + 16 : current.length() / 16;
    return Math.max(16, Math.min(expected, current.length() / 16));
  }

  @Override
  public double fill() {
    ConsumerChannel c = consumer;
    return c == null ? 0 : Math.min(1.0, (double) c.queued() / pool.buffersPerChannelAndShare());
  }

  @Override
  public void close() {
    if (current != null) {
      current.recycle();
      current = null;
    }
    ConsumerChannel c = consumer;
    if (c != null) {
      c.close();
    }
  }

  @Override
  public String toString() {
    return "partition " + partitionId + " subpartition " + subpartition + " from " + producer;
  }
}
