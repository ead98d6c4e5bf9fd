package io.weft.core.plan;

import io.weft.api.functions.FilterFunction;
import io.weft.api.functions.FlatMapFunction;
import io.weft.api.functions.KeySelector;
import io.weft.api.functions.KeyedProcessFunction;
import io.weft.api.functions.MapFunction;
import io.weft.api.functions.ProcessFunction;
import io.weft.api.functions.ReduceFunction;
import io.weft.api.sink.Sink;
import io.weft.api.source.Source;
import java.io.Serializable;

/**
 * What an operator of the plan does, declaratively: its kind and the user's function. The
 * TaskManager turns a spec into a running operator; the plan itself holds no runtime code.
 */
public interface OperatorSpec extends Serializable {

  /** The user object behind the operator (function, source or sink), for messages and fingerprints. */
  Object userObject();

  /** True for specs whose operator keeps per-key state and so needs a keyed input. */
  default boolean isKeyed() {
    return false;
  }

  record SourceSpec<T>(Source<T> source) implements OperatorSpec {
    public Object userObject() {
      return source;
    }
  }

  record MapSpec<I, O>(MapFunction<I, O> function) implements OperatorSpec {
    public Object userObject() {
      return function;
    }
  }

  record FlatMapSpec<I, O>(FlatMapFunction<I, O> function) implements OperatorSpec {
    public Object userObject() {
      return function;
    }
  }

  record FilterSpec<T>(FilterFunction<T> function) implements OperatorSpec {
    public Object userObject() {
      return function;
    }
  }

  record ProcessSpec<I, O>(ProcessFunction<I, O> function) implements OperatorSpec {
    public Object userObject() {
      return function;
    }
  }

  record KeyedProcessSpec<K, I, O>(KeySelector<I, K> keySelector, KeyedProcessFunction<K, I, O> function)
      implements OperatorSpec {
    public Object userObject() {
      return function;
    }

    public boolean isKeyed() {
      return true;
    }
  }

  record KeyedReduceSpec<K, T>(KeySelector<T, K> keySelector, ReduceFunction<T> function)
      implements OperatorSpec {
    public Object userObject() {
      return function;
    }

    public boolean isKeyed() {
      return true;
    }
  }

  record SinkSpec<T>(Sink<T> sink) implements OperatorSpec {
    public Object userObject() {
      return sink;
    }
  }
}
