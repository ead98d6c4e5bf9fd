package io.weft.api.state;

import io.weft.core.types.TypeInfo;

/** Describes a {@link ValueState}. */
public final class ValueStateDescriptor<T> extends StateDescriptor<T> {
  private static final long serialVersionUID = 1L;

  public ValueStateDescriptor(String name, Class<T> type) {
    super(name, type);
  }

  public ValueStateDescriptor(String name, TypeInfo<T> type) {
    super(name, type);
  }
}
