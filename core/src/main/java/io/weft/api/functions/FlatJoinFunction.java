package io.weft.api.functions;

/** Like {@link JoinFunction}, but each pair may give any number of outputs. */
@FunctionalInterface
public interface FlatJoinFunction<I1, I2, O> extends Function {
  void join(I1 first, I2 second, Collector<O> out) throws Exception;
}
