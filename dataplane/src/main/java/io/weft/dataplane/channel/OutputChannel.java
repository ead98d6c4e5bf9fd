package io.weft.dataplane.channel;

import java.io.IOException;

/**
 * The producer's end of a channel, written by a {@code RecordWriter}: a {@link LocalChannel} within
 * the process, or a remote channel that serializes into network buffers.
 */
public interface OutputChannel {

  /** Sends a batch or an event, after everything sent before it; waits while the channel is full. */
  void send(Object item) throws IOException, InterruptedException;

  /** Hands over anything the channel itself holds back (a partly filled network buffer). */
  default void flush() throws IOException {}

  /** How full the channel's queue of unsent data is, from 0 to 1: high means the consumer is slower. */
  double fill();

  /** Nanoseconds the producer spent waiting for room: its backpressure. */
  long blockedNanos();

  /**
   * Releases the channel once the producer is done; with a {@code failure}, the consumer learns
   * that the producer failed instead of waiting for data that will not come.
   */
  default void close(Throwable failure) {}
}
