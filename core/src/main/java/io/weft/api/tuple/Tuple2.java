package io.weft.api.tuple;

import java.util.Objects;

/** A tuple of 2 fields, mutable and with public fields, as Flink users know it. */
public final class Tuple2<T0, T1> implements Tuple {
  private static final long serialVersionUID = 1L;
  public T0 f0;
  public T1 f1;

  public Tuple2() {}

  public Tuple2(T0 f0, T1 f1) {
    this.f0 = f0;
    this.f1 = f1;
  }

  public static <T0, T1> Tuple2<T0, T1> of(T0 f0, T1 f1) {
    return new Tuple2<>(f0, f1);
  }

  @Override
  public int arity() {
    return 2;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T getField(int pos) {
    switch (pos) {
      case 0:
        return (T) f0;
      case 1:
        return (T) f1;
      default:
        throw new IndexOutOfBoundsException("field " + pos + " of a Tuple2");
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public void setField(int pos, Object value) {
    switch (pos) {
      case 0:
        f0 = (T0) value;
        return;
      case 1:
        f1 = (T1) value;
        return;
      default:
        throw new IndexOutOfBoundsException("field " + pos + " of a Tuple2");
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Tuple2)) {
      return false;
    }
    Tuple2<?, ?> t = (Tuple2<?, ?>) o;
    return Objects.equals(f0, t.f0) && Objects.equals(f1, t.f1);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (1) + Objects.hashCode(f0)) + Objects.hashCode(f1);
  }

  @Override
  public String toString() {
    return "(" + f0 + "," + f1 + ")";
  }
}
