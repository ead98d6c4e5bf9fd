package io.weft.api.windowing.triggers;

import io.weft.api.state.ReducingState;
import io.weft.api.state.ReducingStateDescriptor;
import io.weft.api.windowing.windows.Window;

/**
 * Fires every {@code maxCount} elements of a window. The count lives in per-window trigger state
 * (so it survives failures with the window), and restarts after each firing.
 */
public final class CountTrigger<W extends Window> extends Trigger<Object, W> {
  private static final long serialVersionUID = 1L;
  private final long maxCount;
  private final ReducingStateDescriptor<Long> countDescriptor =
      new ReducingStateDescriptor<>("count", Long::sum, Long.class);

  private CountTrigger(long maxCount) {
    this.maxCount = maxCount;
  }

  public static <W extends Window> CountTrigger<W> of(long maxCount) {
    if (maxCount < 1) {
      throw new IllegalArgumentException("a count trigger needs a count of at least 1, not " + maxCount);
    }
    return new CountTrigger<>(maxCount);
  }

  @Override
  public TriggerResult onElement(Object element, long timestamp, W window, TriggerContext ctx) throws Exception {
    ReducingState<Long> count = ctx.getReducingState(countDescriptor);
    count.add(1L);
    if (count.get() >= maxCount) {
      count.clear();
      return TriggerResult.FIRE;
    }
    return TriggerResult.CONTINUE;
  }

  @Override
  public TriggerResult onEventTime(long time, W window, TriggerContext ctx) {
    return TriggerResult.CONTINUE;
  }

  @Override
  public TriggerResult onProcessingTime(long time, W window, TriggerContext ctx) {
    return TriggerResult.CONTINUE;
  }

  @Override
  public boolean canMerge() {
    return true;
  }

  @Override
  public void onMerge(W window, OnMergeContext ctx) throws Exception {
    ctx.mergePartitionedState(countDescriptor);
  }

  @Override
  public void clear(W window, TriggerContext ctx) {
    ctx.getReducingState(countDescriptor).clear();
  }

  @Override
  public String toString() {
    return "CountTrigger(" + maxCount + ")";
  }
}
