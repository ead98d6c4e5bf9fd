package io.weft.api.tuple;

import java.util.Objects;

/** A tuple of 3 fields, mutable and with public fields, as Flink users know it. */
public final class Tuple3<T0, T1, T2> implements Tuple {
  private static final long serialVersionUID = 1L;
  public T0 f0;
  public T1 f1;
  public T2 f2;

  public Tuple3() {}

  public Tuple3(T0 f0, T1 f1, T2 f2) {
    this.f0 = f0;
    this.f1 = f1;
    this.f2 = f2;
  }

  public static <T0, T1, T2> Tuple3<T0, T1, T2> of(T0 f0, T1 f1, T2 f2) {
    return new Tuple3<>(f0, f1, f2);
  }

  @Override
  public int arity() {
    return 3;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T getField(int pos) {
    switch (pos) {
      case 0:
        return (T) f0;
      case 1:
        return (T) f1;
      case 2:
        return (T) f2;
      default:
        throw new IndexOutOfBoundsException("field " + pos + " of a Tuple3");
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
      case 2:
        f2 = (T2) value;
        return;
      default:
        throw new IndexOutOfBoundsException("field " + pos + " of a Tuple3");
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Tuple3)) {
      return false;
    }
    Tuple3<?, ?, ?> t = (Tuple3<?, ?, ?>) o;
    return Objects.equals(f0, t.f0) && Objects.equals(f1, t.f1) && Objects.equals(f2, t.f2);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * (1) + Objects.hashCode(f0)) + Objects.hashCode(f1)) + Objects.hashCode(f2);
  }

  @Override
  public String toString() {
    return "(" + f0 + "," + f1 + "," + f2 + ")";
  }
}
