package io.weft.api.functions.co;

import io.weft.api.datastream.OutputTag;
import io.weft.api.functions.AbstractRichFunction;
import io.weft.api.functions.Collector;
import io.weft.api.functions.KeyedProcessFunction.TimeDomain;
import io.weft.api.functions.TimerService;

/**
 * A process function on two streams keyed alike: elements of both inputs with the same key see
 * the same keyed state and timers; {@link #onTimer} runs with the timer's key as current key.
 */
public abstract class KeyedCoProcessFunction<K, I1, I2, O> extends AbstractRichFunction {

  public abstract void processElement1(I1 value, Context<K> ctx, Collector<O> out) throws Exception;

  public abstract void processElement2(I2 value, Context<K> ctx, Collector<O> out) throws Exception;

  /** Called when a timer registered through the context fires. */
  public void onTimer(long timestamp, OnTimerContext<K> ctx, Collector<O> out) throws Exception {}

  /** What the function sees besides the element. */
  public interface Context<K> {
    /** The element's (or firing event-time timer's) timestamp, or null. */
    Long timestamp();

    TimerService timerService();

    K getCurrentKey();

    <X> void output(OutputTag<X> tag, X value);
  }

  /** The context of a firing timer. */
  public interface OnTimerContext<K> extends Context<K> {
    TimeDomain timeDomain();
  }
}
