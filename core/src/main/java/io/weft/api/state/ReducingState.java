package io.weft.api.state;

/** A value per key that every {@link #add} combines with the reduce function of its descriptor. */
public interface ReducingState<T> extends State {
  /** The reduced value, or null when nothing was added. */
  T get() throws Exception;

  void add(T value) throws Exception;
}
