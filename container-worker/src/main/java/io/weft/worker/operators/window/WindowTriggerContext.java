package io.weft.worker.operators.window;

import io.weft.api.state.ListState;
import io.weft.api.state.ListStateDescriptor;
import io.weft.api.state.ReducingState;
import io.weft.api.state.ReducingStateDescriptor;
import io.weft.api.state.StateDescriptor;
import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.api.windowing.triggers.Trigger;
import io.weft.api.windowing.triggers.TriggerResult;
import io.weft.api.windowing.windows.Window;
import io.weft.core.types.TypeSerializer;
import io.weft.state.keyed.KeyedStateBackend;
import io.weft.worker.timers.TimerService;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Calls the trigger for one (key, window) at a time and gives it that window's timers and state:
 * timers are registered with the window as namespace, and trigger state lives in the backend
 * under the window's namespace, next to the window's contents.
 */
final class WindowTriggerContext<K, IN, W extends Window> implements Trigger.OnMergeContext {
  private final Trigger<? super IN, ? super W> trigger;
  private final KeyedStateBackend<K> backend;
  private final TimerService<K> timers;
  private final TypeSerializer<?> windows;
  private K key;
  private W window;
  private Collection<W> mergedWindows = List.of();

  WindowTriggerContext(Trigger<? super IN, ? super W> trigger, KeyedStateBackend<K> backend, TimerService<K> timers,
      TypeSerializer<?> windows) {
    this.windows = windows;
    this.trigger = trigger;
    this.backend = backend;
    this.timers = timers;
  }

  private WindowTriggerContext<K, IN, W> at(K key, W window) {
    this.key = key;
    this.window = window;
    backend.setCurrentNamespace(window);
    return this;
  }

  TriggerResult onElement(K key, W window, IN element, long timestamp) throws Exception {
    return trigger.onElement(element, timestamp, window, at(key, window));
  }

  TriggerResult onEventTime(K key, W window, long time) throws Exception {
    return trigger.onEventTime(time, window, at(key, window));
  }

  TriggerResult onProcessingTime(K key, W window, long time) throws Exception {
    return trigger.onProcessingTime(time, window, at(key, window));
  }

  void onMerge(K key, W window, Collection<W> merged) throws Exception {
    mergedWindows = merged;
    try {
      trigger.onMerge(window, at(key, window));
    } finally {
      mergedWindows = List.of();
    }
  }

  void clear(K key, W window) throws Exception {
    trigger.clear(window, at(key, window));
  }

  @Override
  public long getCurrentProcessingTime() {
    return timers.currentProcessingTime();
  }

  @Override
  public long getCurrentWatermark() {
    return timers.currentWatermark();
  }

  @Override
  public void registerProcessingTimeTimer(long time) {
    timers.registerProcessingTimeTimer(key, window, time);
  }

  @Override
  public void registerEventTimeTimer(long time) {
    timers.registerEventTimeTimer(key, window, time);
  }

  @Override
  public void deleteProcessingTimeTimer(long time) {
    timers.deleteProcessingTimeTimer(key, window, time);
  }

  @Override
  public void deleteEventTimeTimer(long time) {
    timers.deleteEventTimeTimer(key, window, time);
  }

  @Override
  public <S> ValueState<S> getState(ValueStateDescriptor<S> descriptor) {
    backend.setCurrentNamespace(window);
    return backend.getValueState(windows, descriptor);
  }

  @Override
  public <S> ReducingState<S> getReducingState(ReducingStateDescriptor<S> descriptor) {
    backend.setCurrentNamespace(window);
    return backend.getReducingState(windows, descriptor);
  }

  @Override
  public <S> ListState<S> getListState(ListStateDescriptor<S> descriptor) {
    backend.setCurrentNamespace(window);
    return backend.getListState(windows, descriptor);
  }

  /** Moves the merged windows' state into the new window's, as Flink's merging namespaces do. */
  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void mergePartitionedState(StateDescriptor<?> descriptor) throws Exception {
    try {
      if (descriptor instanceof ReducingStateDescriptor r) {
        ReducingState<Object> state = backend.getReducingState(windows, r);
        for (W merged : mergedWindows) {
          backend.setCurrentNamespace(merged);
          Object value = state.get();
          if (value != null) {
            state.clear();
            backend.setCurrentNamespace(window);
            state.add(value);
          }
        }
      } else if (descriptor instanceof ListStateDescriptor l) {
        ListState<Object> state = backend.getListState(windows, l);
        List<Object> values = new ArrayList<>();
        for (W merged : mergedWindows) {
          backend.setCurrentNamespace(merged);
          state.get().forEach(values::add);
          state.clear();
        }
        backend.setCurrentNamespace(window);
        state.addAll(values);
      } else {
        throw new UnsupportedOperationException("trigger state " + descriptor + " cannot be merged; only "
            + "reducing and list state can");
      }
    } finally {
      backend.setCurrentNamespace(window);
    }
  }
}
