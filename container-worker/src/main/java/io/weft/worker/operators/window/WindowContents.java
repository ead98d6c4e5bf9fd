package io.weft.worker.operators.window;

import java.util.Collection;

/**
 * What a window keeps, in the keyed state backend of the current key with the window as
 * namespace: every element, a running reduction, or an aggregate's accumulator. Each call names
 * its window because the backend has one current namespace, shared with the trigger's state.
 */
interface WindowContents<IN> {
  /** The state's name in the backend, e.g. to count its entries. */
  String STATE_NAME = "window-contents";

  /**
   * Adds {@code value}; true when the window held nothing before, or when that cannot be told
   * cheaply (a read of the whole list in RocksDB): the caller then acts as for a first element,
   * which is always safe (setting a timer that is set already changes nothing).
   */
  boolean add(Object window, IN value) throws Exception;

  /** What the window function gets, or null when the window holds nothing. */
  Iterable<Object> get(Object window) throws Exception;

  void clear(Object window) throws Exception;

  /** Moves the contents of {@code sources} into {@code target} (session windows merging). */
  void merge(Object target, Collection<?> sources) throws Exception;
}
