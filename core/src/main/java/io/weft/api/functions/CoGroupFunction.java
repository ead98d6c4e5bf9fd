package io.weft.api.functions;

/**
 * Gets, per key and window, all elements of both inputs (either group may be empty, not both).
 */
@FunctionalInterface
public interface CoGroupFunction<I1, I2, O> extends Function {
  void coGroup(Iterable<I1> first, Iterable<I2> second, Collector<O> out) throws Exception;
}
