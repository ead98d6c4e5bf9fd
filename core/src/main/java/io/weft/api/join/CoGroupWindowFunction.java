package io.weft.api.join;

import io.weft.api.functions.CoGroupFunction;
import io.weft.api.functions.Collector;
import io.weft.api.functions.RichFunction;
import io.weft.api.functions.RuntimeContext;
import io.weft.api.windowing.functions.ProcessWindowFunction;
import io.weft.api.windowing.windows.Window;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a window of a coGroup (or join): splits the window's tagged elements by input, in
 * arrival order, and hands both groups to the {@link CoGroupFunction}. A rich user function gets
 * this function's life cycle.
 */
public final class CoGroupWindowFunction<T1, T2, O, K, W extends Window>
    extends ProcessWindowFunction<TaggedUnion<T1, T2>, O, K, W> {
  private static final long serialVersionUID = 1L;
  private final CoGroupFunction<T1, T2, O> function;
  /** The function the user gave (a join's, inside its coGroup), whose life cycle this one runs. */
  private final Object userFunction;

  public CoGroupWindowFunction(CoGroupFunction<T1, T2, O> function, Object userFunction) {
    this.function = function;
    this.userFunction = userFunction;
  }

  @Override
  public void open(RuntimeContext context) throws Exception {
    super.open(context);
    if (userFunction instanceof RichFunction rich) {
      rich.open(context);
    }
  }

  @Override
  public void close() throws Exception {
    if (userFunction instanceof RichFunction rich) {
      rich.close();
    }
  }

  @Override
  public void process(K key, Context context, Iterable<TaggedUnion<T1, T2>> elements, Collector<O> out)
      throws Exception {
    List<T1> first = new ArrayList<>();
    List<T2> second = new ArrayList<>();
    for (TaggedUnion<T1, T2> e : elements) {
      if (e.isOne()) {
        first.add(e.getOne());
      } else {
        second.add(e.getTwo());
      }
    }
    function.coGroup(first, second, out);
  }
}
