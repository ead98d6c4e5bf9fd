package io.weft.worker.operators.async;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The in-flight elements of an async operator, and which of them may be emitted. Watermarks count
 * toward the capacity as records do (as in Flink), so the queue bounds everything the operator holds.
 */
abstract class ElementQueue {
  protected int size;

  static ElementQueue create(boolean ordered) {
    return ordered ? new Ordered() : new Unordered();
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  abstract void add(QueueEntry entry);

  /** Hands every entry that may go now to {@code emit}, in the order it must go, and forgets it. */
  abstract void emitCompleted(Consumer<QueueEntry> emit);

  /** The input records still in the queue (done or not), in input order within each watermark segment. */
  abstract List<QueueEntry.RecordEntry<?, ?>> records();

  /** Ordered mode: a result goes once every input before it went. */
  private static final class Ordered extends ElementQueue {
    private final ArrayDeque<QueueEntry> entries = new ArrayDeque<>();

    @Override
    void add(QueueEntry entry) {
      entries.add(entry);
      size++;
    }

    @Override
    void emitCompleted(Consumer<QueueEntry> emit) {
      while (!entries.isEmpty() && entries.peekFirst().isDone()) {
        QueueEntry e = entries.pollFirst();
        size--;
        emit.accept(e);
      }
    }

    @Override
    List<QueueEntry.RecordEntry<?, ?>> records() {
      List<QueueEntry.RecordEntry<?, ?>> out = new ArrayList<>();
      for (QueueEntry e : entries) {
        if (e instanceof QueueEntry.RecordEntry<?, ?> r) {
          out.add(r);
        }
      }
      return out;
    }
  }

  /**
   * Unordered mode: the records between two watermarks form a segment; a segment's results go as
   * they complete, but only once every element before its watermark went. A watermark is a segment
   * of its own that goes when it is first. So no result crosses a watermark either way.
   */
  private static final class Unordered extends ElementQueue {
    private final ArrayDeque<Object> segments = new ArrayDeque<>(); // List<RecordEntry> or WatermarkEntry

    @Override
    @SuppressWarnings("unchecked")
    void add(QueueEntry entry) {
      if (entry instanceof QueueEntry.WatermarkEntry) {
        segments.add(entry);
      } else if (segments.peekLast() instanceof List<?> last) {
        ((List<QueueEntry>) last).add(entry);
      } else {
        List<QueueEntry> segment = new ArrayList<>();
        segment.add(entry);
        segments.add(segment);
      }
      size++;
    }

    @Override
    void emitCompleted(Consumer<QueueEntry> emit) {
      while (!segments.isEmpty()) {
        Object first = segments.peekFirst();
        if (first instanceof QueueEntry.WatermarkEntry w) {
          segments.pollFirst();
          size--;
          emit.accept(w);
          continue;
        }
        List<?> segment = (List<?>) first;
        for (Iterator<?> it = segment.iterator(); it.hasNext(); ) {
          QueueEntry e = (QueueEntry) it.next();
          if (e.isDone()) {
            it.remove();
            size--;
            emit.accept(e);
          }
        }
        if (!segment.isEmpty() || segments.size() == 1) {
          return; // records still in flight hold back what follows (or nothing follows yet)
        }
        segments.pollFirst();
      }
    }

    @Override
    List<QueueEntry.RecordEntry<?, ?>> records() {
      List<QueueEntry.RecordEntry<?, ?>> out = new ArrayList<>();
      for (Object s : segments) {
        if (s instanceof List<?> segment) {
          for (Object e : segment) {
            out.add((QueueEntry.RecordEntry<?, ?>) e);
          }
        }
      }
      return out;
    }
  }
}
