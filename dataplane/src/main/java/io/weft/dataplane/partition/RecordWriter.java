package io.weft.dataplane.partition;

import io.weft.dataplane.element.EndOfPartition;
import io.weft.dataplane.element.RecordBatch;
import io.weft.dataplane.channel.OutputChannel;
import java.io.IOException;
import java.util.List;

/**
 * Writes one output edge of a subtask: picks each element's channel, collects elements per
 * channel into batches, and sends a batch when it is full, when it is flushed (buffer timeout,
 * idle task), and ahead of any event so that events never overtake elements.
 */
public final class RecordWriter {
  private final OutputChannel[] channels;
  private final RecordBatch[] batches;
  private final ChannelSelector selector;
  private final int batchSize;
  private final boolean flushEveryRecord;
  private long recordsOut;

  public RecordWriter(List<? extends OutputChannel> channels, ChannelSelector selector, int batchSize, boolean flushEveryRecord) {
    this.channels = channels.toArray(new OutputChannel[0]);
    this.batches = new RecordBatch[this.channels.length];
    this.selector = selector;
    this.batchSize = batchSize;
    this.flushEveryRecord = flushEveryRecord;
  }

  public void emit(Object value, long timestamp) throws Exception {
    int channel = selector.select(value);
    if (channel == ChannelSelector.ALL) {
      for (int c = 0; c < channels.length; c++) {
        append(c, value, timestamp);
      }
    } else {
      append(channel, value, timestamp);
    }
    recordsOut++;
  }

  private void append(int channel, Object value, long timestamp) throws IOException, InterruptedException {
    RecordBatch batch = batches[channel];
    if (batch == null) {
      batch = batches[channel] = new RecordBatch(batchSize);
    }
    if (batch.add(value, timestamp) || flushEveryRecord) {
      batches[channel] = null;
      channels[channel].send(batch);
    }
  }

  /** Sends every partly filled batch, and what the channels hold back (partly filled network buffers). */
  public void flush() throws IOException, InterruptedException {
    for (int c = 0; c < channels.length; c++) {
      sendPartialBatch(c);
      channels[c].flush();
    }
  }

  private void sendPartialBatch(int c) throws IOException, InterruptedException {
    RecordBatch batch = batches[c];
    if (batch != null && !batch.isEmpty()) {
      batches[c] = null;
      channels[c].send(batch);
    }
  }

  /** Sends an event (watermark, end of partition) to every channel, after the elements before it. */
  public void broadcastEvent(Object event) throws IOException, InterruptedException {
    for (int c = 0; c < channels.length; c++) {
      sendPartialBatch(c);
      channels[c].send(event);
    }
  }

  public void endOfPartition() throws IOException, InterruptedException {
    broadcastEvent(EndOfPartition.INSTANCE);
  }

  public long recordsOut() {
    return recordsOut;
  }

  /** Time spent blocked on full channels, in nanoseconds, summed over channels. */
  public long blockedNanos() {
    long sum = 0;
    for (OutputChannel c : channels) {
      sum += c.blockedNanos();
    }
    return sum;
  }

  /** The fullest channel's fill, from 0 to 1. */
  public double maxFill() {
    double max = 0;
    for (OutputChannel c : channels) {
      max = Math.max(max, c.fill());
    }
    return max;
  }

  /** Releases the channels; with a {@code failure}, consumers learn the producer failed. */
  public void close(Throwable failure) {
    for (OutputChannel c : channels) {
      c.close(failure);
    }
  }
}
