package io.weft.api.functions;

/** Turns each element into zero or more elements. */
@FunctionalInterface
public interface FlatMapFunction<I, O> extends Function {
  void flatMap(I value, Collector<O> out) throws Exception;
}
