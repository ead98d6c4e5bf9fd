package io.weft.api.state;

/**
 * An accumulator per key that every {@link #add} feeds through the aggregate function of its
 * descriptor; {@link #get} returns the function's result for the accumulator.
 *
 * @param <IN> the values added
 * @param <OUT> the result
 */
public interface AggregatingState<IN, OUT> extends State {
  /** The result for the current accumulator, or null when nothing was added. */
  OUT get() throws Exception;

  void add(IN value) throws Exception;
}
