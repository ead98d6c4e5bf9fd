package io.weft.api.functions;

/** Joins one pair of a window join: an element of each input with the same key in the same window. */
@FunctionalInterface
public interface JoinFunction<I1, I2, O> extends Function {
  O join(I1 first, I2 second) throws Exception;
}
