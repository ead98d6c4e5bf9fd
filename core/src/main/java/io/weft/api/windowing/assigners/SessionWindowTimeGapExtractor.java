package io.weft.api.windowing.assigners;

import io.weft.api.functions.Function;

/** The session gap an element asks for, in milliseconds; must be positive. */
@FunctionalInterface
public interface SessionWindowTimeGapExtractor<T> extends Function {
  long extract(T element);
}
