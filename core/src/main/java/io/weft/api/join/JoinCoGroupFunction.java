package io.weft.api.join;

import io.weft.api.functions.CoGroupFunction;
import io.weft.api.functions.Collector;
import io.weft.api.functions.FlatJoinFunction;
import io.weft.api.functions.JoinFunction;
import io.weft.api.functions.RichFunction;
import io.weft.api.functions.RuntimeContext;

/**
 * A window join as a coGroup, as in Flink: every element of the first group with every element
 * of the second, in arrival order (first group outer); a window with one side empty gives nothing.
 * The join function's life cycle is this one's.
 */
public final class JoinCoGroupFunction<T1, T2, O> implements CoGroupFunction<T1, T2, O>, RichFunction {
  private static final long serialVersionUID = 1L;
  private final JoinFunction<T1, T2, O> join;
  private final FlatJoinFunction<T1, T2, O> flatJoin;

  private JoinCoGroupFunction(JoinFunction<T1, T2, O> join, FlatJoinFunction<T1, T2, O> flatJoin) {
    this.join = join;
    this.flatJoin = flatJoin;
  }

  public static <T1, T2, O> JoinCoGroupFunction<T1, T2, O> of(JoinFunction<T1, T2, O> join) {
    return new JoinCoGroupFunction<>(join, null);
  }

  public static <T1, T2, O> JoinCoGroupFunction<T1, T2, O> of(FlatJoinFunction<T1, T2, O> flatJoin) {
    return new JoinCoGroupFunction<>(null, flatJoin);
  }

  /** The function the user gave. */
  public Object userFunction() {
    return join != null ? join : flatJoin;
  }

  @Override
  public void open(RuntimeContext context) throws Exception {
    if (userFunction() instanceof RichFunction rich) {
      rich.open(context);
    }
  }

  @Override
  public void close() throws Exception {
    if (userFunction() instanceof RichFunction rich) {
      rich.close();
    }
  }

  @Override
  public void coGroup(Iterable<T1> first, Iterable<T2> second, Collector<O> out) throws Exception {
    for (T1 a : first) {
      for (T2 b : second) {
        if (join != null) {
          out.collect(join.join(a, b));
        } else {
          flatJoin.join(a, b, out);
        }
      }
    }
  }
}
