package io.weft.api.state;

/** One value per key; null when the key has none. */
public interface ValueState<T> extends State {
  T value() throws Exception;

  void update(T value) throws Exception;
}
