package io.weft.state.keyed;

import io.weft.api.functions.ReduceFunction;
import io.weft.api.state.ReducingState;
import io.weft.api.state.ValueState;

/** Reducing state as a value and a function: the same storage in every backend, TTL included. */
final class ValueBackedReducingState<T> implements ReducingState<T> {
  private final ValueState<T> value;
  private final ReduceFunction<T> function;

  ValueBackedReducingState(ValueState<T> value, ReduceFunction<T> function) {
    this.value = value;
    this.function = function;
  }

  @Override
  public T get() throws Exception {
    return value.value();
  }

  /** Adds a value; null is ignored. */
  @Override
  public void add(T v) throws Exception {
    if (v == null) {
      return;
    }
    T current = value.value();
    value.update(current == null ? v : function.reduce(current, v));
  }

  @Override
  public void clear() {
    value.clear();
  }
}
