package io.weft.core.types;

import java.util.List;

/** A POJO and the types of its fields, sorted by field name (the order they are written in). */
public final class PojoTypeInfo<T> extends FieldsTypeInfo<T> {
  private static final long serialVersionUID = 1L;

  PojoTypeInfo(Class<T> type, List<String> names, List<TypeInfo<?>> types, List<TypeInfo<?>> typeArguments) {
    super(type, names, types, typeArguments);
  }

  @Override
  TypeSerializer<T> createSerializer(Class<T> type, List<TypeSerializer<?>> fieldSerializers) {
    return new PojoSerializer<>(type, fieldSerializers);
  }
}
