package io.weft.worker.operators.window;

import io.weft.api.functions.ReduceFunction;
import io.weft.api.state.ReducingState;
import io.weft.api.state.ReducingStateDescriptor;
import io.weft.state.keyed.KeyedStateBackend;
import java.util.Collection;
import java.util.Collections;

/** The window's elements reduced as they arrive: one value per window instead of all elements. */
final class ReducingWindowContents<IN> implements WindowContents<IN> {
  private final KeyedStateBackend<?> backend;
  private final ReducingState<Object> reduced;

  @SuppressWarnings("unchecked")
  ReducingWindowContents(KeyedStateBackend<?> backend, ReduceFunction<IN> function) {
    this.backend = backend;
    this.reduced = backend.getReducingState(
        new ReducingStateDescriptor<>(STATE_NAME, (ReduceFunction<Object>) function, Object.class));
  }

  @Override
  public void add(Object window, IN value) throws Exception {
    backend.setCurrentNamespace(window);
    reduced.add(value);
  }

  @Override
  public Iterable<Object> get(Object window) throws Exception {
    backend.setCurrentNamespace(window);
    Object value = reduced.get();
    return value == null ? null : Collections.singletonList(value);
  }

  @Override
  public void clear(Object window) {
    backend.setCurrentNamespace(window);
    reduced.clear();
  }

  @Override
  public void merge(Object target, Collection<?> sources) throws Exception {
    for (Object source : sources) {
      backend.setCurrentNamespace(source);
      Object value = reduced.get();
      if (value != null) {
        reduced.clear();
        backend.setCurrentNamespace(target);
        reduced.add(value);
      }
    }
  }
}
