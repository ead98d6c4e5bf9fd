package io.weft.api.functions;

import io.weft.api.datastream.OutputTag;

/**
 * A process function on a keyed stream: per-key state through the runtime context and per-key
 * timers through {@link TimerService}; {@link #onTimer} runs with the timer's key as current key.
 */
public abstract class KeyedProcessFunction<K, I, O> extends AbstractRichFunction {

  public abstract void processElement(I value, Context<K> ctx, Collector<O> out) throws Exception;

  /** Called when a timer registered through the context fires. */
  public void onTimer(long timestamp, OnTimerContext<K> ctx, Collector<O> out) throws Exception {}

  /** What a keyed process function sees besides the element. */
  public interface Context<K> {
    Long timestamp();

    TimerService timerService();

    K getCurrentKey();

    <X> void output(OutputTag<X> tag, X value);
  }

  /** The context of a firing timer. */
  public interface OnTimerContext<K> extends Context<K> {
    TimeDomain timeDomain();
  }

  /** Which clock a timer was set on. */
  public enum TimeDomain {
    EVENT_TIME,
    PROCESSING_TIME
  }
}
