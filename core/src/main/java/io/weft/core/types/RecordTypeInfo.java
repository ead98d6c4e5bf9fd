package io.weft.core.types;

import java.util.List;

/** A Java record and the types of its components, in declaration order. */
public final class RecordTypeInfo<T> extends FieldsTypeInfo<T> {
  private static final long serialVersionUID = 1L;

  RecordTypeInfo(Class<T> type, List<String> names, List<TypeInfo<?>> types, List<TypeInfo<?>> typeArguments) {
    super(type, names, types, typeArguments);
  }

  @Override
  TypeSerializer<T> createSerializer(Class<T> type, List<TypeSerializer<?>> fieldSerializers) {
    return new RecordSerializer<>(type, fieldSerializers);
  }
}
