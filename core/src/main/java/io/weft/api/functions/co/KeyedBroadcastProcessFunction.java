package io.weft.api.functions.co;

import io.weft.api.functions.Collector;
import io.weft.api.functions.KeyedProcessFunction.TimeDomain;
import io.weft.api.functions.TimerService;
import io.weft.api.state.KeyedStateFunction;
import io.weft.api.state.State;
import io.weft.api.state.StateDescriptor;

/**
 * Connects a keyed stream with a broadcast stream. The keyed side has keyed state and timers and
 * reads the broadcast state; the broadcast side changes the broadcast state and may visit the
 * keyed state of every key this subtask holds ({@link KeyedContext#applyToKeyedState}).
 */
public abstract class KeyedBroadcastProcessFunction<K, I1, I2, O> extends BaseBroadcastProcessFunction {

  public abstract void processElement(I1 value, ReadOnlyContext<K> ctx, Collector<O> out) throws Exception;

  public abstract void processBroadcastElement(I2 value, KeyedContext<K> ctx, Collector<O> out) throws Exception;

  /** Called when a timer registered on the keyed side fires. */
  public void onTimer(long timestamp, OnTimerContext<K> ctx, Collector<O> out) throws Exception {}

  /** On the broadcast side. */
  public interface KeyedContext<K> extends BaseBroadcastProcessFunction.Context {
    /**
     * Runs {@code function} on the state {@code descriptor} names, for every key of this subtask
     * that has a value in it. The state's kind must match the descriptor's (a ValueStateDescriptor
     * gives ValueState, and so on).
     */
    <S extends State> void applyToKeyedState(StateDescriptor<?> descriptor, KeyedStateFunction<K, S> function)
        throws Exception;
  }

  /** On the keyed side. */
  public interface ReadOnlyContext<K> extends BaseBroadcastProcessFunction.ReadOnlyContext {
    TimerService timerService();

    K getCurrentKey();
  }

  /** While a timer fires. */
  public interface OnTimerContext<K> extends ReadOnlyContext<K> {
    TimeDomain timeDomain();
  }
}
