package io.weft.api.state;

/** Applied to the state of one key by {@code KeyedBroadcastProcessFunction.Context#applyToKeyedState}. */
@FunctionalInterface
public interface KeyedStateFunction<K, S extends State> {
  void process(K key, S state) throws Exception;
}
