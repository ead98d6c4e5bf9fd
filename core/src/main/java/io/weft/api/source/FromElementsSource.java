package io.weft.api.source;

import io.weft.api.functions.SubtaskInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * A bounded source over a fixed list. Elements are split by position between the subtasks
 * (element i goes to subtask i mod p), so the order is kept within a subtask.
 */
public final class FromElementsSource<T> implements Source<T> {
  private static final long serialVersionUID = 1L;
  private final ArrayList<T> elements;

  public FromElementsSource(List<T> elements) {
    this.elements = new ArrayList<>(elements);
  }

  @Override
  public boolean isBounded() {
    return true;
  }

  @Override
  public SourceReader<T> createReader(SubtaskInfo context) {
    int p = context.parallelism();
    int k = context.subtaskIndex();
    return new SourceReader<>() {
      private int next = k;
      private volatile double progress;

      @Override
      public double progress() {
        return progress;
      }

      @Override
      public byte[] snapshotPosition() {
        return java.nio.ByteBuffer.allocate(4).putInt(next).array();
      }

      @Override
      public void restorePosition(byte[] position) {
        next = java.nio.ByteBuffer.wrap(position).getInt();
      }

      @Override
      public InputStatus pollNext(ReaderOutput<T> output) {
        for (int n = 0; n < 256 && next < elements.size(); n++, next += p) {
          output.collect(elements.get(next));
        }
        progress = Math.min(1.0, (double) next / Math.max(1, elements.size()));
        return next < elements.size() ? InputStatus.MORE_AVAILABLE : InputStatus.END_OF_INPUT;
      }
    };
  }
}
