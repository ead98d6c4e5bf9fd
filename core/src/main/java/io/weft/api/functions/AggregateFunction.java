package io.weft.api.functions;

/**
 * Aggregates elements incrementally through an accumulator: a window keeps one accumulator
 * instead of its elements. {@link #merge} combines the accumulators of merging (session) windows.
 *
 * @param <IN> the elements
 * @param <ACC> the accumulator, the intermediate state
 * @param <OUT> the result
 */
public interface AggregateFunction<IN, ACC, OUT> extends Function {
  /** A new, empty accumulator. */
  ACC createAccumulator();

  /** Adds {@code value} to {@code accumulator}; returns the accumulator (the same object or a new one). */
  ACC add(IN value, ACC accumulator);

  /** The result for what {@code accumulator} holds. */
  OUT getResult(ACC accumulator);

  /** One accumulator holding what {@code a} and {@code b} hold; either may be reused. */
  ACC merge(ACC a, ACC b);
}
