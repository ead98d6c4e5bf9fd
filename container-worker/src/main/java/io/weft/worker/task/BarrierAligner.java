package io.weft.worker.task;

import io.weft.dataplane.channel.InputGate;
import io.weft.dataplane.element.CheckpointBarrier;
import java.util.Arrays;

/**
 * Aligns the checkpoint barriers of a task's input channels. A checkpoint is taken once every
 * channel still open has delivered its barrier. Exactly-once blocks each channel whose barrier
 * came until then, so the snapshot holds exactly the records before the barriers; at-least-once
 * keeps reading, so records after a barrier may already be in the state (and are replayed on
 * recovery). A newer barrier abandons an older, incomplete alignment, as its checkpoint can no
 * longer complete. Runs on the task's thread.
 */
final class BarrierAligner {
  /** What to do once aligned: snapshot, then pass the barrier on. */
  @FunctionalInterface
  interface Aligned {
    void run(CheckpointBarrier barrier) throws Exception;
  }

  private final InputGate gate;
  private final boolean exactlyOnce;
  private final boolean[] seen;
  private final boolean[] ended;
  private CheckpointBarrier pending;
  private int arrived;
  private int open;
  /** When the pending checkpoint's first barrier came; how long the last alignment took. */
  private long firstBarrierNanos;
  private long lastAlignmentNanos;

  BarrierAligner(InputGate gate, boolean exactlyOnce) {
    this.gate = gate;
    this.exactlyOnce = exactlyOnce;
    this.seen = new boolean[gate.numberOfChannels()];
    this.ended = new boolean[gate.numberOfChannels()];
    this.open = seen.length;
  }

  void onBarrier(int channel, CheckpointBarrier barrier, Aligned aligned) throws Exception {
    if (pending != null && barrier.checkpointId() < pending.checkpointId()) {
      return; // the barrier of an abandoned checkpoint
    }
    if (pending == null || barrier.checkpointId() > pending.checkpointId()) {
      reset();
      pending = barrier;
      firstBarrierNanos = System.nanoTime();
    }
    if (!seen[channel]) {
      seen[channel] = true;
      arrived++;
      if (exactlyOnce) {
        gate.block(channel);
      }
    }
    completeIfAligned(aligned);
  }

  /** A channel ended: it will send no barrier, so the others may now be complete. */
  void onEndOfPartition(int channel, Aligned aligned) throws Exception {
    if (ended[channel]) {
      return;
    }
    ended[channel] = true;
    open--;
    if (seen[channel]) {
      seen[channel] = false;
      arrived--;
    }
    completeIfAligned(aligned);
  }

  private void completeIfAligned(Aligned aligned) throws Exception {
    if (pending != null && arrived == open) {
      CheckpointBarrier barrier = pending;
      reset();
      lastAlignmentNanos = System.nanoTime() - firstBarrierNanos;
      aligned.run(barrier);
    }
  }

  /** How long the latest completed alignment took, from its first barrier to its last. */
  long lastAlignmentNanos() {
    return lastAlignmentNanos;
  }

  private void reset() {
    pending = null;
    arrived = 0;
    Arrays.fill(seen, false);
    gate.unblockAll();
  }

  /** The checkpoint being aligned, or -1. */
  long pendingCheckpoint() {
    return pending == null ? -1 : pending.checkpointId();
  }
}
