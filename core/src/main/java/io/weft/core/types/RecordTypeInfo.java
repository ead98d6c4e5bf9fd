package io.weft.core.types;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A Java record and the types of its components, in declaration order. */
public final class RecordTypeInfo<T> extends TypeInfo<T> {
  private final Class<T> type;
  private final List<String> names;
  private final List<TypeInfo<?>> types;
  private final List<TypeInfo<?>> typeArguments;

  RecordTypeInfo(Class<T> type, List<String> names, List<TypeInfo<?>> types, List<TypeInfo<?>> typeArguments) {
    this.type = type;
    this.names = List.copyOf(names);
    this.types = List.copyOf(types);
    this.typeArguments = List.copyOf(typeArguments);
  }

  /** The component names, in the order they are written. */
  public List<String> fieldNames() {
    return names;
  }

  /** The component types, in the order of {@link #fieldNames()}. */
  public List<TypeInfo<?>> fieldTypes() {
    return types;
  }

  /** The type of the named component, or null if there is none. */
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
    return new RecordSerializer<>(type, s);
  }

  @Override
  public String toString() {
    return TypeNames.generic(type.getSimpleName(), typeArguments);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecordTypeInfo<?> r && r.type == type && r.types.equals(types);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, types);
  }
}
