package io.weft.core.types;

import java.util.List;
import java.util.Objects;

/** A {@link List} of one element type, read back as an ArrayList. */
public final class ListTypeInfo<E> extends TypeInfo<List<E>> {
  private static final long serialVersionUID = 1L;
  private final TypeInfo<E> element;

  public ListTypeInfo(TypeInfo<E> element) {
    this.element = Objects.requireNonNull(element, "element");
  }

  public TypeInfo<E> elementType() {
    return element;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Class<List<E>> typeClass() {
    return (Class) List.class;
  }

  @Override
  public TypeSerializer<List<E>> createSerializer() {
    return new ListSerializer<>(element.createSerializer());
  }

  @Override
  public String toString() {
    return "List<" + element + ">";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ListTypeInfo<?> l && l.element.equals(element);
  }

  @Override
  public int hashCode() {
    return 31 * element.hashCode() + 2;
  }
}
