package io.weft.worker.operators.window;

import io.weft.api.functions.ReduceFunction;
import io.weft.api.state.ReducingState;
import io.weft.api.state.ReducingStateDescriptor;
import io.weft.core.types.TypeInfo;
import io.weft.core.types.TypeSerializer;
import io.weft.state.heap.HeapKeyedStateBackend;
import io.weft.state.keyed.KeyedStateBackend;
import java.util.Collection;
import java.util.Collections;

/** The window's elements reduced as they arrive: one value per window instead of all elements. */
final class ReducingWindowContents<IN> implements WindowContents<IN> {
  private final KeyedStateBackend<?> backend;
  private final ReducingState<Object> reduced;
  private final boolean cheapReads;

  @SuppressWarnings("unchecked")
  ReducingWindowContents(KeyedStateBackend<?> backend, TypeSerializer<?> windows, ReduceFunction<IN> function,
      TypeInfo<Object> elementType) {
    this.backend = backend;
    this.cheapReads = backend instanceof HeapKeyedStateBackend;
    ReduceFunction<Object> f = (ReduceFunction<Object>) function;
    this.reduced = backend.getReducingState(windows, elementType != null
        ? new ReducingStateDescriptor<>(STATE_NAME, f, elementType)
        : new ReducingStateDescriptor<>(STATE_NAME, f, Object.class));
  }

  @Override
  public boolean add(Object window, IN value) throws Exception {
    backend.setCurrentNamespace(window);
    // On the heap the read is of the entry add() then finds again without a lookup.
    boolean first = !cheapReads || reduced.get() == null;
    reduced.add(value);
    return first;
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
