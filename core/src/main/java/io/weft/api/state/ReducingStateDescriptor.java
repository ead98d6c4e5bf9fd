package io.weft.api.state;

import io.weft.api.functions.ReduceFunction;
import io.weft.core.types.TypeInfo;
import java.util.Objects;

/** Describes a {@link ReducingState} and the function that combines its values. */
public final class ReducingStateDescriptor<T> extends StateDescriptor<T> {
  private static final long serialVersionUID = 1L;
  private final ReduceFunction<T> reduceFunction;

  public ReducingStateDescriptor(String name, ReduceFunction<T> reduceFunction, Class<T> type) {
    super(name, type);
    this.reduceFunction = Objects.requireNonNull(reduceFunction, "reduce function");
  }

  public ReducingStateDescriptor(String name, ReduceFunction<T> reduceFunction, TypeInfo<T> type) {
    super(name, type);
    this.reduceFunction = Objects.requireNonNull(reduceFunction, "reduce function");
  }

  public ReduceFunction<T> getReduceFunction() {
    return reduceFunction;
  }
}
