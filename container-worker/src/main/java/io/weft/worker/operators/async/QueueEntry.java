package io.weft.worker.operators.async;

import io.weft.api.functions.async.ResultFuture;
import java.util.Collection;

/** An element waiting in an async operator's queue: an input record in flight, or a watermark. */
sealed interface QueueEntry permits QueueEntry.RecordEntry, QueueEntry.WatermarkEntry {

  boolean isDone();

  /** A watermark; it may be emitted once everything before it was. */
  record WatermarkEntry(long watermark) implements QueueEntry {
    @Override
    public boolean isDone() {
      return true;
    }
  }

  /**
   * One input record and what became of it: the attempt whose result counts ({@code current},
   * null between a failed attempt and its retry, and after a timeout's handling began), how many
   * attempts were made, and once done the result to emit with the input's timestamp.
   */
  final class RecordEntry<IN, OUT> implements QueueEntry {
    final IN value;
    final long timestamp;
    int attempts = 1;
    /** When the input times out (processing time); set when the operator has a timeout. */
    long deadline;
    ResultFuture<OUT> current;
    boolean timedOut;
    private Collection<OUT> result;
    private boolean done;

    RecordEntry(IN value, long timestamp) {
      this.value = value;
      this.timestamp = timestamp;
    }

    @Override
    public boolean isDone() {
      return done;
    }

    void complete(Collection<OUT> result) {
      this.result = result;
      this.done = true;
      this.current = null;
    }

    Collection<OUT> result() {
      return result;
    }
  }
}
