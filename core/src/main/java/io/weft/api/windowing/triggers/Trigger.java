package io.weft.api.windowing.triggers;

import io.weft.api.state.ListState;
import io.weft.api.state.ListStateDescriptor;
import io.weft.api.state.ReducingState;
import io.weft.api.state.ReducingStateDescriptor;
import io.weft.api.state.StateDescriptor;
import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.api.windowing.windows.Window;
import java.io.Serializable;

/**
 * Decides when a window's function runs. A trigger is called per element and per timer of a
 * window, with the window's key as current key; it keeps anything it needs in per-window state
 * through the {@link TriggerContext}, never in its own fields (one trigger object serves every
 * key and window of a subtask).
 */
public abstract class Trigger<T, W extends Window> implements Serializable {
  private static final long serialVersionUID = 1L;

  /** An element was added to {@code window}. */
  public abstract TriggerResult onElement(T element, long timestamp, W window, TriggerContext ctx) throws Exception;

  /** A processing-time timer this trigger registered for {@code window} fired. */
  public abstract TriggerResult onProcessingTime(long time, W window, TriggerContext ctx) throws Exception;

  /** An event-time timer this trigger registered for {@code window} fired. */
  public abstract TriggerResult onEventTime(long time, W window, TriggerContext ctx) throws Exception;

  /** Whether this trigger supports merging windows (session windows need it). */
  public boolean canMerge() {
    return false;
  }

  /**
   * Windows were merged into {@code window}: combine the merged windows' trigger state with
   * {@link OnMergeContext#mergePartitionedState} and set the timers the new window needs. The
   * merged windows are {@link #clear cleared} afterwards.
   */
  public void onMerge(W window, OnMergeContext ctx) throws Exception {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support merging windows");
  }

  /** The window is gone: delete its timers and trigger state. */
  public abstract void clear(W window, TriggerContext ctx) throws Exception;

  /** Timers and per-window state of the window being handled. */
  public interface TriggerContext {
    long getCurrentProcessingTime();

    /** The current event-time watermark; Long.MIN_VALUE before the first one. */
    long getCurrentWatermark();

    void registerProcessingTimeTimer(long time);

    void registerEventTimeTimer(long time);

    void deleteProcessingTimeTimer(long time);

    void deleteEventTimeTimer(long time);

    /** State of the current key and window. */
    <S> ValueState<S> getState(ValueStateDescriptor<S> descriptor);

    <S> ReducingState<S> getReducingState(ReducingStateDescriptor<S> descriptor);

    <S> ListState<S> getListState(ListStateDescriptor<S> descriptor);
  }

  /** The context of {@link #onMerge}. */
  public interface OnMergeContext extends TriggerContext {
    /**
     * Combines the state named by {@code descriptor} of every merged window into the new window:
     * reducing state with its reduce function, list state by concatenation.
     */
    void mergePartitionedState(StateDescriptor<?> descriptor) throws Exception;
  }
}
