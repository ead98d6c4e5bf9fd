package io.weft.examples.bench;

import io.weft.api.functions.SubtaskInfo;
import io.weft.api.sink.Sink;
import io.weft.api.sink.SinkWriter;
import io.weft.api.tuple.Tuple3;

/**
 * Records, for each arriving (key, emitNanos, value), the time since its source emitted it, after
 * the first {@code warmupMillis} of this writer's input. The writers meet in a static of this JVM:
 * the latency run is local.
 */
public final class LatencySink implements Sink<Tuple3<Long, Long, Long>> {
  private static final long serialVersionUID = 1L;
  public static final LatencyHistogram ALL = new LatencyHistogram();
  private final long warmupMillis;

  public LatencySink(long warmupMillis) {
    this.warmupMillis = warmupMillis;
  }

  @Override
  public SinkWriter<Tuple3<Long, Long, Long>> createWriter(SubtaskInfo context) {
    return new SinkWriter<>() {
      private final LatencyHistogram mine = new LatencyHistogram();
      private long firstNanos = -1;

      @Override
      public void write(Tuple3<Long, Long, Long> value, Long timestamp) {
        long now = System.nanoTime();
        if (firstNanos < 0) {
          firstNanos = now;
        }
        if (now - firstNanos >= warmupMillis * 1_000_000L) {
          mine.record((now - value.f1) / 1000);
        }
      }

      @Override
      public void finish() {
        ALL.addAll(mine);
      }
    };
  }
}
