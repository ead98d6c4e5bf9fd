package io.weft.api.state;

import java.util.List;

/** A list per key; {@link #get()} returns an empty iterable when the key has none. */
public interface ListState<T> extends State {
  Iterable<T> get() throws Exception;

  void add(T value) throws Exception;

  void addAll(List<T> values) throws Exception;

  void update(List<T> values) throws Exception;
}
