package io.weft.dataplane.channel;

import java.io.IOException;

/**
 * The consumer's end of a channel, read by an {@link InputGate}: a {@link LocalChannel} within the
 * process, or a remote channel reading another TaskManager's output over the network.
 */
public interface InputChannel {

  /** Joins {@code gate} as its channel {@code index}; the channel then tells the gate when it has data. */
  void attach(InputGate gate, int index);

  /** Starts receiving (a remote channel asks its producer for data); called on the task's thread. */
  default void open() throws IOException, InterruptedException {}

  /**
   * The next batch or event, or null if none is there after all (a gate may hold a stale
   * notification). Reports through {@code stillAvailable} whether more items wait.
   *
   * @throws IOException when the channel failed (for example the producer's TaskManager was lost)
   */
  Object take(boolean[] stillAvailable) throws IOException;

  /** How full the channel's queue of received data is, from 0 to 1: high means the task is the bottleneck. */
  double fill();

  /** Stops receiving and frees what the channel holds; called once the task is done with it. */
  default void close() {}
}
