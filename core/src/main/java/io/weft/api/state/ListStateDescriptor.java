package io.weft.api.state;

import io.weft.core.types.TypeInfo;

/** Describes a {@link ListState}; the type is that of the elements. */
public final class ListStateDescriptor<T> extends StateDescriptor<T> {
  private static final long serialVersionUID = 1L;

  public ListStateDescriptor(String name, Class<T> elementType) {
    super(name, elementType);
  }

  public ListStateDescriptor(String name, TypeInfo<T> elementType) {
    super(name, elementType);
  }
}
