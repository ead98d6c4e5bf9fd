package io.weft.api.tuple;

import java.util.Objects;

/** A tuple of 5 fields, mutable and with public fields, as Flink users know it. */
public final class Tuple5<T0, T1, T2, T3, T4> implements Tuple {
  private static final long serialVersionUID = 1L;
  public T0 f0;
  public T1 f1;
  public T2 f2;
  public T3 f3;
  public T4 f4;

  public Tuple5() {}

  public Tuple5(T0 f0, T1 f1, T2 f2, T3 f3, T4 f4) {
    this.f0 = f0;
    this.f1 = f1;
    this.f2 = f2;
    this.f3 = f3;
    this.f4 = f4;
  }

  public static <T0, T1, T2, T3, T4> Tuple5<T0, T1, T2, T3, T4> of(T0 f0, T1 f1, T2 f2, T3 f3, T4 f4) {
    return new Tuple5<>(f0, f1, f2, f3, f4);
  }

  @Override
  public int arity() {
    return 5;
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
      case 3:
        return (T) f3;
      case 4:
        return (T) f4;
      default:
        throw new IndexOutOfBoundsException("field " + pos + " of a Tuple5");
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
      case 3:
        f3 = (T3) value;
        return;
      case 4:
        f4 = (T4) value;
        return;
      default:
        throw new IndexOutOfBoundsException("field " + pos + " of a Tuple5");
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Tuple5)) {
      return false;
    }
    Tuple5<?, ?, ?, ?, ?> t = (Tuple5<?, ?, ?, ?, ?>) o;
    return Objects.equals(f0, t.f0) && Objects.equals(f1, t.f1) && Objects.equals(f2, t.f2) && Objects.equals(f3, t.f3) && Objects.equals(f4, t.f4);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * (31 * (31 * (1) + Objects.hashCode(f0)) + Objects.hashCode(f1)) + Objects.hashCode(f2)) + Objects.hashCode(f3)) + Objects.hashCode(f4);
  }

  @Override
  public String toString() {
    return "(" + f0 + "," + f1 + "," + f2 + "," + f3 + "," + f4 + ")";
  }
}
