package io.weft.api.windowing;

import io.weft.api.functions.Collector;
import io.weft.api.windowing.functions.ProcessWindowFunction;
import io.weft.api.windowing.windows.Window;

/** The window function of a plain reduce or aggregate: emits the pre-aggregated value as it is. */
final class PassThroughWindowFunction<T, K, W extends Window> extends ProcessWindowFunction<T, T, K, W> {
  private static final long serialVersionUID = 1L;

  @Override
  public void process(K key, Context context, Iterable<T> elements, Collector<T> out) {
    for (T e : elements) {
      out.collect(e);
    }
  }
}
