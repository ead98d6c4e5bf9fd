package io.weft.core.types;

import io.weft.api.tuple.Tuple;
import io.weft.api.tuple.Tuple2;
import io.weft.api.tuple.Tuple3;
import io.weft.api.tuple.Tuple4;
import io.weft.api.tuple.Tuple5;
import java.util.List;
import java.util.Objects;

/** A Tuple2..Tuple5 and the types of its fields. */
public final class TupleTypeInfo<T extends Tuple> extends TypeInfo<T> {
  private static final long serialVersionUID = 1L;
  private final Class<T> type;
  private final List<TypeInfo<?>> fields;

  @SuppressWarnings("unchecked")
  public TupleTypeInfo(List<? extends TypeInfo<?>> fields) {
    this.fields = List.copyOf(fields);
    this.type = (Class<T>) tupleClass(fields.size());
  }

  private static Class<?> tupleClass(int arity) {
    switch (arity) {
      case 2:
        return Tuple2.class;
      case 3:
        return Tuple3.class;
      case 4:
        return Tuple4.class;
      case 5:
        return Tuple5.class;
      default:
        throw new IllegalArgumentException("tuples have 2 to 5 fields, not " + arity);
    }
  }

  public int arity() {
    return fields.size();
  }

  public TypeInfo<?> fieldType(int pos) {
    return fields.get(pos);
  }

  public List<TypeInfo<?>> fieldTypes() {
    return fields;
  }

  @Override
  public Class<T> typeClass() {
    return type;
  }

  @Override
  public TypeSerializer<T> createSerializer() {
    TypeSerializer<?>[] s = new TypeSerializer<?>[fields.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = fields.get(i).createSerializer();
    }
    return new TupleSerializer<>(s);
  }

  @Override
  public String toString() {
    return TypeNames.generic(type.getSimpleName(), fields);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TupleTypeInfo<?> t && t.fields.equals(fields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, fields);
  }
}
