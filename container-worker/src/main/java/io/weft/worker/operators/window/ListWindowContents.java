package io.weft.worker.operators.window;

import io.weft.api.state.ListState;
import io.weft.api.state.ListStateDescriptor;
import io.weft.core.types.TypeInfo;
import io.weft.core.types.TypeSerializer;
import io.weft.state.heap.HeapKeyedStateBackend;
import io.weft.state.keyed.KeyedStateBackend;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Every element of the window, for a ProcessWindowFunction without pre-aggregation. */
final class ListWindowContents<IN> implements WindowContents<IN> {
  private final KeyedStateBackend<?> backend;
  private final ListState<Object> elements;
  private final boolean cheapReads;

  /** @param elementType the elements' type, null when unknown (then only the heap can keep them) */
  ListWindowContents(KeyedStateBackend<?> backend, TypeSerializer<?> windows, TypeInfo<Object> elementType) {
    this.backend = backend;
    this.cheapReads = backend instanceof HeapKeyedStateBackend;
    this.elements = backend.getListState(windows, elementType != null
        ? new ListStateDescriptor<>(STATE_NAME, elementType) : new ListStateDescriptor<>(STATE_NAME, Object.class));
  }

  @Override
  public boolean add(Object window, IN value) throws Exception {
    backend.setCurrentNamespace(window);
    // On the heap get() hands out the stored list; elsewhere it would read the whole list.
    boolean first = !cheapReads || !elements.get().iterator().hasNext();
    elements.add(value);
    return first;
  }

  @Override
  public Iterable<Object> get(Object window) throws Exception {
    backend.setCurrentNamespace(window);
    Iterable<Object> all = elements.get();
    return all.iterator().hasNext() ? all : null;
  }

  @Override
  public void clear(Object window) {
    backend.setCurrentNamespace(window);
    elements.clear();
  }

  @Override
  public void merge(Object target, Collection<?> sources) throws Exception {
    List<Object> moved = new ArrayList<>();
    for (Object source : sources) {
      backend.setCurrentNamespace(source);
      elements.get().forEach(moved::add);
      elements.clear();
    }
    if (!moved.isEmpty()) {
      backend.setCurrentNamespace(target);
      elements.addAll(moved);
    }
  }
}
