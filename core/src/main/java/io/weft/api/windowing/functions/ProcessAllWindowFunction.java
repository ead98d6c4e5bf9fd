package io.weft.api.windowing.functions;

import io.weft.api.datastream.OutputTag;
import io.weft.api.functions.AbstractRichFunction;
import io.weft.api.functions.Collector;
import io.weft.api.windowing.windows.Window;

/** Evaluates one window of a non-keyed stream ({@code windowAll}); like {@link ProcessWindowFunction} without a key. */
public abstract class ProcessAllWindowFunction<IN, OUT, W extends Window> extends AbstractRichFunction {
  private static final long serialVersionUID = 1L;

  public abstract void process(Context context, Iterable<IN> elements, Collector<OUT> out) throws Exception;

  /** What the function sees besides the elements. */
  public abstract class Context {
    public abstract W window();

    public abstract long currentProcessingTime();

    public abstract long currentWatermark();

    public abstract <X> void output(OutputTag<X> outputTag, X value);
  }
}
