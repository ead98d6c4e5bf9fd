package io.weft.state.keyed;

import io.weft.api.functions.AggregateFunction;
import io.weft.api.state.AggregatingState;
import io.weft.api.state.ValueState;

/** Aggregating state as an accumulator value and a function. */
final class ValueBackedAggregatingState<IN, ACC, OUT> implements AggregatingState<IN, OUT> {
  private final ValueState<ACC> accumulator;
  private final AggregateFunction<IN, ACC, OUT> function;

  ValueBackedAggregatingState(ValueState<ACC> accumulator, AggregateFunction<IN, ACC, OUT> function) {
    this.accumulator = accumulator;
    this.function = function;
  }

  @Override
  public OUT get() throws Exception {
    ACC acc = accumulator.value();
    return acc == null ? null : function.getResult(acc);
  }

  /** Adds a value; null is ignored. */
  @Override
  public void add(IN value) throws Exception {
    if (value == null) {
      return;
    }
    ACC acc = accumulator.value();
    // update() even when add() changed acc in place: a serializing backend must see the new value.
    accumulator.update(function.add(value, acc == null ? function.createAccumulator() : acc));
  }

  @Override
  public void clear() {
    accumulator.clear();
  }
}
