package io.weft.examples.bench;

import io.weft.api.functions.SubtaskInfo;
import io.weft.api.sink.Sink;
import io.weft.api.sink.SinkWriter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what arrives, so that a benchmark measures the query and not a sink's I/O. The count
 * meets in a static of this JVM: benchmarks run locally.
 */
public final class CountingSink<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;
  public static final AtomicLong SEEN = new AtomicLong();

  @Override
  public SinkWriter<T> createWriter(SubtaskInfo context) {
    return new SinkWriter<>() {
      private long count;

      @Override
      public void write(T value, Long timestamp) {
        count++;
      }

      @Override
      public void finish() {
        SEEN.addAndGet(count);
      }
    };
  }
}
