package io.weft.api.tuple;

/**
 * A fixed-arity record with positional fields f0, f1, ... Serializable like Flink's tuples, so that
 * a bounded source of them (fromElements/fromCollection) copies to its subtasks; between operators
 * tuples are written by their explicit serializer, never by Java serialization.
 */
public interface Tuple extends java.io.Serializable {
  int arity();

  <T> T getField(int pos);

  void setField(int pos, Object value);

  /** A new, empty tuple of the given arity (2 to 5). */
  static Tuple ofArity(int arity) {
    switch (arity) {
      case 2:
        return new Tuple2<>();
      case 3:
        return new Tuple3<>();
      case 4:
        return new Tuple4<>();
      case 5:
        return new Tuple5<>();
      default:
        throw new IllegalArgumentException("tuples have 2 to 5 fields, not " + arity);
    }
  }
}
