package io.weft.api.functions;

/**
 * Extracts the key of an element. Keys must have a stable {@code hashCode} and {@code equals}
 * across JVMs (strings, boxed numbers, tuples, records of those; not enums' identity hash or arrays).
 */
@FunctionalInterface
public interface KeySelector<T, K> extends Function {
  K getKey(T value) throws Exception;
}
