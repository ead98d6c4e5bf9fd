package io.weft.worker.task;

import io.weft.dataplane.element.WatermarkStatus;
import java.util.Arrays;

/**
 * Combines the watermarks and idleness of a task's input channels into the task's one input
 * watermark, with Flink's semantics. Runs on the task's thread.
 *
 * <p>A task's watermark is the smallest over the channels still open. Long.MAX_VALUE is a real
 * watermark (the end of a bounded input: it fires every pending event-time timer), so it is
 * passed on like any other; only "no channel open" yields none.
 *
 * <p>Idleness: an idle channel is left out of the minimum, and so is a channel that became active
 * again until its watermark has caught up with the task's (it is behind only after being idle), so
 * event time never goes back. An idle channel's watermarks are ignored until it reports ACTIVE. An
 * ended channel sent Long.MAX_VALUE last, so with the others idle it lets event time reach the end.
 * When every channel is idle, nothing holds event time back: the valve passes on the highest
 * channel watermark, then IDLE; the first channel active again makes it ACTIVE.
 */
final class WatermarkValve {
  /** Where the valve's output goes: the head operator of the task's chain. */
  interface Output {
    void emitWatermark(long watermark) throws Exception;

    void emitWatermarkStatus(WatermarkStatus status) throws Exception;
  }

  private final Output output;
  private final long[] channelWatermarks;
  private final boolean[] ended;
  private final boolean[] idle;
  private long current = Long.MIN_VALUE;
  /** True while every input channel is idle: the valve then said IDLE downstream. */
  private boolean allIdle;

  WatermarkValve(int channels, Output output) {
    this.output = output;
    this.channelWatermarks = new long[channels];
    Arrays.fill(channelWatermarks, Long.MIN_VALUE);
    this.ended = new boolean[channels];
    this.idle = new boolean[channels];
  }

  /** A watermark came on {@code channel}. */
  void onWatermark(int channel, long watermark) throws Exception {
    if (!idle[channel]) {
      channelWatermarks[channel] = watermark;
    }
    advance();
  }

  /** {@code channel} became idle or active. */
  void onWatermarkStatus(int channel, boolean channelIdle) throws Exception {
    idle[channel] = channelIdle;
    advance();
  }

  /**
   * {@code channel} ended. With {@code advance} false (the task stops with a savepoint, so an
   * ended input is not the end of event time) the valve only notes it.
   */
  void onEndOfPartition(int channel, boolean advance) throws Exception {
    ended[channel] = true;
    idle[channel] = false;
    if (advance) {
      advance();
    }
  }

  /** The watermark passed on last; Long.MIN_VALUE before any. */
  long currentWatermark() {
    return current;
  }

  private void advance() throws Exception {
    long min = Long.MAX_VALUE;
    long maxIdle = Long.MIN_VALUE;
    boolean anyOpen = false;
    boolean nowAllIdle = true;
    for (int c = 0; c < channelWatermarks.length; c++) {
      if (ended[c]) {
        anyOpen = true;
        nowAllIdle = false;
      } else if (idle[c]) {
        maxIdle = Math.max(maxIdle, channelWatermarks[c]);
      } else {
        nowAllIdle = false;
        if (channelWatermarks[c] >= current) {
          anyOpen = true;
          min = Math.min(min, channelWatermarks[c]);
        }
      }
    }
    if (nowAllIdle != allIdle) {
      if (nowAllIdle && maxIdle > current) {
        output.emitWatermark(maxIdle);
        current = maxIdle;
      }
      allIdle = nowAllIdle;
      output.emitWatermarkStatus(nowAllIdle ? WatermarkStatus.IDLE : WatermarkStatus.ACTIVE);
    }
    if (anyOpen && min > current) {
      output.emitWatermark(min);
      current = min;
    }
  }
}
