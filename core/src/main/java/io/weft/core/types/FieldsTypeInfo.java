package io.weft.core.types;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A type made of named fields, each with its own type: the common part of POJOs and records. */
public abstract class FieldsTypeInfo<T> extends TypeInfo<T> {
  private static final long serialVersionUID = 1L;
  private final Class<T> type;
  private final List<String> names;
  private final List<TypeInfo<?>> types;
  private final List<TypeInfo<?>> typeArguments;

  FieldsTypeInfo(Class<T> type, List<String> names, List<TypeInfo<?>> types, List<TypeInfo<?>> typeArguments) {
    this.type = type;
    this.names = List.copyOf(names);
    this.types = List.copyOf(types);
    this.typeArguments = List.copyOf(typeArguments);
  }

  /** The field names, in the order they are written. */
  public List<String> fieldNames() {
    return names;
  }

  /** The field types, in the order of {@link #fieldNames()}. */
  public List<TypeInfo<?>> fieldTypes() {
    return types;
  }

  /** The type of the named field, or null if there is none. */
  public TypeInfo<?> fieldType(String name) {
    int i = names.indexOf(name);
    return i < 0 ? null : types.get(i);
  }

  @Override
  public Class<T> typeClass() {
    return type;
  }

  @Override
  public TypeSerializer<T> createSerializer() {
    List<TypeSerializer<?>> s = new ArrayList<>(types.size());
    for (TypeInfo<?> t : types) {
      s.add(t.createSerializer());
    }
    return createSerializer(type, s);
  }

  /** The serializer for this kind of type, given one serializer per field in {@link #fieldNames()} order. */
  abstract TypeSerializer<T> createSerializer(Class<T> type, List<TypeSerializer<?>> fieldSerializers);

  @Override
  public String toString() {
    return TypeNames.generic(type.getSimpleName(), typeArguments);
  }

  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && ((FieldsTypeInfo<?>) o).type == type
        && ((FieldsTypeInfo<?>) o).types.equals(types);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, types);
  }
}
