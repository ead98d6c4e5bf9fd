package io.weft.dataplane.remote;

import io.weft.core.types.TypeSerializer;
import io.weft.dataplane.channel.OutputChannel;
import io.weft.dataplane.element.RecordBatch;
import io.weft.dataplane.memory.LocalBufferPool;
import io.weft.dataplane.memory.MemorySegment;
import io.weft.dataplane.netty.ProducerChannel;
import io.weft.dataplane.serialization.RecordEncoder;
import java.io.IOException;

/**
 * A channel to a subtask in another TaskManager: records are serialized into network buffers of
 * the partition's pool and queued on the {@link ProducerChannel} the consumer reads over its
 * connection. When the consumer grants no credit, queued buffers are not recycled, the pool runs
 * dry and {@link #send} waits: backpressure, for this partition's writer only.
 */
public final class RemoteOutputChannel<T> implements OutputChannel {
  private final ProducerChannel producer;
  private final LocalBufferPool pool;
  private final int poolChannel;
  private final RecordEncoder<T> encoder;
  /** Written by the task, read by the heartbeat. */
  private volatile long blockedNanos;

  RemoteOutputChannel(ProducerChannel producer, LocalBufferPool pool, int poolChannel, TypeSerializer<T> serializer) {
    this.producer = producer;
    this.pool = pool;
    this.poolChannel = poolChannel;
    this.encoder = new RecordEncoder<>(serializer, this::nextSegment, producer::addBuffer);
  }

  private MemorySegment nextSegment() throws InterruptedException {
    MemorySegment s = pool.request(poolChannel);
    if (s == null) {
      long start = System.nanoTime();
      s = pool.requestBlocking(poolChannel);
      blockedNanos += System.nanoTime() - start;
    }
    return s;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void send(Object item) throws IOException, InterruptedException {
    if (item instanceof RecordBatch batch) {
      for (int i = 0, n = batch.size(); i < n; i++) {
        encoder.write((T) batch.value(i), batch.timestamp(i));
      }
      // A partial batch means the writer is flushing (timeout, idle task): the bytes must go too.
      if (!batch.isFull()) {
        encoder.flush();
      }
    } else {
      encoder.flush();
      producer.addEvent(item);
    }
  }

  @Override
  public void flush() throws IOException {
    encoder.flush();
  }

  @Override
  public double fill() {
    return Math.min(1.0, (double) producer.backlog() / pool.buffersPerChannelAndShare());
  }

  @Override
  public long blockedNanos() {
    return blockedNanos;
  }

  @Override
  public void close(Throwable failure) {
    encoder.close();
    if (failure != null) {
      producer.fail(failure);
    }
  }

  @Override
  public String toString() {
    return producer.toString();
  }
}
