package io.weft.api.functions;

/** Combines two values of the same key into one. */
@FunctionalInterface
public interface ReduceFunction<T> extends Function {
  T reduce(T accumulated, T value) throws Exception;
}
