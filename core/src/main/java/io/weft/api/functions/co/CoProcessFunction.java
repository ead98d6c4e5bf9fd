package io.weft.api.functions.co;

import io.weft.api.datastream.OutputTag;
import io.weft.api.functions.AbstractRichFunction;
import io.weft.api.functions.Collector;
import io.weft.api.functions.KeyedProcessFunction.TimeDomain;
import io.weft.api.functions.TimerService;

/**
 * The lowest-level function on two connected streams: elements of each input, their timestamps,
 * side outputs. When both inputs are keyed it has keyed state and timers too, as in Flink; prefer
 * {@link KeyedCoProcessFunction} there, whose context also names the key.
 */
public abstract class CoProcessFunction<I1, I2, O> extends AbstractRichFunction {

  public abstract void processElement1(I1 value, Context ctx, Collector<O> out) throws Exception;

  public abstract void processElement2(I2 value, Context ctx, Collector<O> out) throws Exception;

  /** Called when a timer fires (only keyed inputs have timers). */
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<O> out) throws Exception {}

  /** What the function sees besides the element. */
  public interface Context {
    /** The element's timestamp, or null if it has none. */
    Long timestamp();

    /** The clocks, and timers where both inputs are keyed (elsewhere registering one fails). */
    TimerService timerService();

    <X> void output(OutputTag<X> tag, X value);
  }

  /** The context of a firing timer. */
  public interface OnTimerContext extends Context {
    TimeDomain timeDomain();
  }
}
