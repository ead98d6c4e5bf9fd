package io.weft.worker.operators.window;

import io.weft.api.functions.AggregateFunction;
import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.core.types.TypeInfo;
import io.weft.core.types.TypeSerializer;
import io.weft.state.keyed.KeyedStateBackend;
import java.util.Collection;
import java.util.Collections;

/**
 * The window's accumulator: elements are added as they arrive, the result is computed when the
 * window fires, and merging windows merge their accumulators.
 */
final class AggregatingWindowContents<IN> implements WindowContents<IN> {
  private final KeyedStateBackend<?> backend;
  private final AggregateFunction<IN, Object, Object> function;
  private final ValueState<Object> accumulator;

  @SuppressWarnings("unchecked")
  AggregatingWindowContents(KeyedStateBackend<?> backend, TypeSerializer<?> windows,
      AggregateFunction<IN, ?, ?> function, TypeInfo<Object> accumulatorType) {
    this.backend = backend;
    this.function = (AggregateFunction<IN, Object, Object>) function;
    this.accumulator = backend.getValueState(windows, accumulatorType != null
        ? new ValueStateDescriptor<>(STATE_NAME, accumulatorType) : new ValueStateDescriptor<>(STATE_NAME, Object.class));
  }

  @Override
  public boolean add(Object window, IN value) throws Exception {
    backend.setCurrentNamespace(window);
    Object acc = accumulator.value();
    // update() even if add() changed acc in place: a serializing backend must see the new value.
    accumulator.update(function.add(value, acc == null ? function.createAccumulator() : acc));
    return acc == null;
  }

  @Override
  public Iterable<Object> get(Object window) throws Exception {
    backend.setCurrentNamespace(window);
    Object acc = accumulator.value();
    return acc == null ? null : Collections.singletonList(function.getResult(acc));
  }

  @Override
  public void clear(Object window) {
    backend.setCurrentNamespace(window);
    accumulator.clear();
  }

  @Override
  public void merge(Object target, Collection<?> sources) throws Exception {
    backend.setCurrentNamespace(target);
    Object merged = accumulator.value();
    for (Object source : sources) {
      backend.setCurrentNamespace(source);
      Object acc = accumulator.value();
      if (acc != null) {
        accumulator.clear();
        merged = merged == null ? acc : function.merge(merged, acc);
      }
    }
    if (merged != null) {
      backend.setCurrentNamespace(target);
      accumulator.update(merged);
    }
  }
}
