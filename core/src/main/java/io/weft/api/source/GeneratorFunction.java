package io.weft.api.source;

import io.weft.api.functions.Function;

/** Makes the element with the given sequence number. */
@FunctionalInterface
public interface GeneratorFunction<T> extends Function {
  T generate(long index) throws Exception;
}
