package io.weft.api.functions;

/** Turns each element into exactly one element. */
@FunctionalInterface
public interface MapFunction<I, O> extends Function {
  O map(I value) throws Exception;
}
