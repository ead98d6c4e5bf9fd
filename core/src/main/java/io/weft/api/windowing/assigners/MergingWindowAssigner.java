package io.weft.api.windowing.assigners;

import io.weft.api.windowing.windows.Window;
import java.util.Collection;

/** An assigner whose windows can grow together, like sessions: overlapping windows become one. */
public abstract class MergingWindowAssigner<T, W extends Window> extends WindowAssigner<T, W> {
  private static final long serialVersionUID = 1L;

  /** Reports every group of {@code windows} that should become one window. */
  public abstract void mergeWindows(Collection<W> windows, MergeCallback<W> callback);

  /** Receives a group of windows and the window they merge into. */
  @FunctionalInterface
  public interface MergeCallback<W> {
    void merge(Collection<W> toBeMerged, W mergeResult);
  }
}
