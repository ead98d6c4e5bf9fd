package io.weft.api.windowing.functions;

import io.weft.api.datastream.OutputTag;
import io.weft.api.functions.AbstractRichFunction;
import io.weft.api.functions.Collector;
import io.weft.api.windowing.windows.Window;

/**
 * Evaluates one window of one key when its trigger fires: sees all its elements (or, after an
 * incremental reduce/aggregate, the single pre-aggregated value) and the window's metadata. What
 * it emits carries the window's maxTimestamp() as timestamp.
 */
public abstract class ProcessWindowFunction<IN, OUT, KEY, W extends Window> extends AbstractRichFunction {
  private static final long serialVersionUID = 1L;

  public abstract void process(KEY key, Context context, Iterable<IN> elements, Collector<OUT> out) throws Exception;

  /** What the function sees besides the elements. */
  public abstract class Context {
    public abstract W window();

    public abstract long currentProcessingTime();

    /** The current event-time watermark; Long.MIN_VALUE before the first one. */
    public abstract long currentWatermark();

    /** Emits to a side output, with the window's maxTimestamp() as timestamp. */
    public abstract <X> void output(OutputTag<X> outputTag, X value);
  }
}
