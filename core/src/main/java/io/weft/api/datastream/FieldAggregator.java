package io.weft.api.datastream;

import io.weft.api.functions.ReduceFunction;
import io.weft.api.tuple.Tuple;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * The reduce function behind sum/min/max on a field. It never changes its inputs: the result is
 * a new element (a copy of the accumulated one with the field replaced), because elements already
 * emitted downstream may still be in use there.
 */
final class FieldAggregator<T> implements ReduceFunction<T> {
  private static final long serialVersionUID = 1L;

  enum Kind {
    SUM,
    MIN,
    MAX
  }

  private final Kind kind;
  private final int position;
  private final String fieldName;
  private transient Field field;

  private FieldAggregator(Kind kind, int position, String fieldName) {
    this.kind = kind;
    this.position = position;
    this.fieldName = fieldName;
  }

  static <T> FieldAggregator<T> position(Kind kind, int position) {
    if (position < 0) {
      throw new IllegalArgumentException("field position must not be negative: " + position);
    }
    return new FieldAggregator<>(kind, position, null);
  }

  static <T> FieldAggregator<T> field(Kind kind, String fieldName) {
    return new FieldAggregator<>(kind, -1, fieldName);
  }

  @Override
  @SuppressWarnings("unchecked")
  public T reduce(T acc, T value) throws Exception {
    if (fieldName != null) {
      Field f = field(acc.getClass());
      Object result = copyPojo(acc);
      f.set(result, combine(f.get(acc), f.get(value)));
      return (T) result;
    }
    if (acc instanceof Tuple) {
      Tuple a = (Tuple) acc;
      if (position >= a.arity()) {
        throw new IllegalArgumentException("field " + position + " does not exist in a tuple of " + a.arity());
      }
      Tuple result = Tuple.ofArity(a.arity());
      for (int i = 0; i < a.arity(); i++) {
        result.setField(i, a.getField(i));
      }
      result.setField(position, combine(a.getField(position), ((Tuple) value).getField(position)));
      return (T) result;
    }
    if (acc instanceof Number && position == 0) {
      return (T) combine(acc, value);
    }
    throw new IllegalArgumentException("sum/min/max(" + position + ") needs tuples or numbers, not "
        + acc.getClass().getName() + "; use sum(\"field\") for POJOs or reduce(...)");
  }

  private Object combine(Object a, Object b) {
    if (a instanceof Integer) {
      int x = (Integer) a;
      int y = (Integer) b;
      return kind == Kind.SUM ? x + y : kind == Kind.MIN ? Math.min(x, y) : Math.max(x, y);
    } else if (a instanceof Long) {
      long x = (Long) a;
      long y = (Long) b;
      return kind == Kind.SUM ? x + y : kind == Kind.MIN ? Math.min(x, y) : Math.max(x, y);
    } else if (a instanceof Double) {
      double x = (Double) a;
      double y = (Double) b;
      return kind == Kind.SUM ? x + y : kind == Kind.MIN ? Math.min(x, y) : Math.max(x, y);
    } else if (a instanceof Float) {
      float x = (Float) a;
      float y = (Float) b;
      return kind == Kind.SUM ? x + y : kind == Kind.MIN ? Math.min(x, y) : Math.max(x, y);
    } else if (a instanceof Short) {
      short x = (Short) a;
      short y = (Short) b;
      return (short) (kind == Kind.SUM ? x + y : kind == Kind.MIN ? Math.min(x, y) : Math.max(x, y));
    } else if (a instanceof Byte) {
      byte x = (Byte) a;
      byte y = (Byte) b;
      return (byte) (kind == Kind.SUM ? x + y : kind == Kind.MIN ? Math.min(x, y) : Math.max(x, y));
    }
    throw new IllegalArgumentException("cannot " + kind.name().toLowerCase() + " values of type "
        + (a == null ? "null" : a.getClass().getName()) + "; the field must be a number");
  }

  private Field field(Class<?> type) throws NoSuchFieldException {
    if (field == null) {
      Field f = type.getField(fieldName);
      if (Modifier.isStatic(f.getModifiers())) {
        throw new NoSuchFieldException(fieldName + " is static in " + type.getName());
      }
      field = f;
    }
    return field;
  }

  private static Object copyPojo(Object pojo) throws ReflectiveOperationException {
    Object copy = pojo.getClass().getConstructor().newInstance();
    for (Field f : pojo.getClass().getFields()) {
      if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isFinal(f.getModifiers())) {
        f.set(copy, f.get(pojo));
      }
    }
    return copy;
  }
}
