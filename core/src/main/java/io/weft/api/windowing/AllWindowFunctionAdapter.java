package io.weft.api.windowing;

import io.weft.api.datastream.OutputTag;
import io.weft.api.functions.Collector;
import io.weft.api.functions.RuntimeContext;
import io.weft.api.windowing.functions.ProcessAllWindowFunction;
import io.weft.api.windowing.functions.ProcessWindowFunction;
import io.weft.api.windowing.windows.Window;

/**
 * Runs a {@link ProcessAllWindowFunction} as the window function of windowAll, which is a keyed
 * window operator over one constant key: the key is simply not shown to the function.
 */
final class AllWindowFunctionAdapter<IN, OUT, W extends Window> extends ProcessWindowFunction<IN, OUT, Byte, W> {
  private static final long serialVersionUID = 1L;
  private final ProcessAllWindowFunction<IN, OUT, W> function;

  AllWindowFunctionAdapter(ProcessAllWindowFunction<IN, OUT, W> function) {
    if (function == null) {
      throw new IllegalArgumentException("the window function must not be null");
    }
    this.function = function;
  }

  ProcessAllWindowFunction<IN, OUT, W> function() {
    return function;
  }

  @Override
  public void open(RuntimeContext context) throws Exception {
    super.open(context);
    function.open(context);
  }

  @Override
  public void close() throws Exception {
    function.close();
  }

  @Override
  public void process(Byte key, Context context, Iterable<IN> elements, Collector<OUT> out) throws Exception {
    function.process(function.new Context() {
      @Override
      public W window() {
        return context.window();
      }

      @Override
      public long currentProcessingTime() {
        return context.currentProcessingTime();
      }

      @Override
      public long currentWatermark() {
        return context.currentWatermark();
      }

      @Override
      public <X> void output(OutputTag<X> outputTag, X value) {
        context.output(outputTag, value);
      }
    }, elements, out);
  }
}
