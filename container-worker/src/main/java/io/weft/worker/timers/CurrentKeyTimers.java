package io.weft.worker.timers;

import io.weft.state.keyed.KeyedStateBackend;

/**
 * The timer service a keyed user function sees ({@code ctx.timerService()}): the timers of the key
 * being processed, in the default namespace. One per keyed operator, shared by its contexts.
 */
public final class CurrentKeyTimers<K> implements io.weft.api.functions.TimerService {
  private final KeyedStateBackend<K> state;
  private final TimerService<K> timers;

  public CurrentKeyTimers(KeyedStateBackend<K> state, TimerService<K> timers) {
    this.state = state;
    this.timers = timers;
  }

  @Override
  public long currentProcessingTime() {
    return timers.currentProcessingTime();
  }

  @Override
  public long currentWatermark() {
    return timers.currentWatermark();
  }

  @Override
  public void registerProcessingTimeTimer(long time) {
    timers.registerProcessingTimeTimer(state.getCurrentKey(), KeyedStateBackend.DEFAULT_NAMESPACE, time);
  }

  @Override
  public void registerEventTimeTimer(long time) {
    timers.registerEventTimeTimer(state.getCurrentKey(), KeyedStateBackend.DEFAULT_NAMESPACE, time);
  }

  @Override
  public void deleteProcessingTimeTimer(long time) {
    timers.deleteProcessingTimeTimer(state.getCurrentKey(), KeyedStateBackend.DEFAULT_NAMESPACE, time);
  }

  @Override
  public void deleteEventTimeTimer(long time) {
    timers.deleteEventTimeTimer(state.getCurrentKey(), KeyedStateBackend.DEFAULT_NAMESPACE, time);
  }
}
