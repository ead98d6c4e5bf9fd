package io.weft.api.datastream;

import io.weft.core.types.TypeInfo;
import java.io.Serializable;
import java.util.Objects;

/**
 * Names a side output: extra elements an operator emits besides its main output, read with
 * {@code getSideOutput(tag)}. Tags are equal when their ids are equal.
 */
public class OutputTag<T> implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String id;
  private final TypeInfo<T> typeInfo;

  public OutputTag(String id) {
    this(id, null);
  }

  public OutputTag(String id, TypeInfo<T> typeInfo) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("an OutputTag needs a non-empty id");
    }
    this.id = id;
    this.typeInfo = typeInfo;
  }

  public String getId() {
    return id;
  }

  /** The element type if declared; null otherwise. */
  public TypeInfo<T> getTypeInfo() {
    return typeInfo;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OutputTag && ((OutputTag<?>) o).id.equals(id);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id);
  }

  @Override
  public String toString() {
    return "OutputTag(" + id + ")";
  }
}
