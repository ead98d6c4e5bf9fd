package io.weft.api.join;

/**
 * An element of either input of a window join or coGroup, tagged with its input: both inputs are
 * read by one window operator as one stream of these, as in Flink.
 */
public final class TaggedUnion<T1, T2> {
  private final T1 one;
  private final T2 two;

  private TaggedUnion(T1 one, T2 two) {
    this.one = one;
    this.two = two;
  }

  public static <T1, T2> TaggedUnion<T1, T2> one(T1 value) {
    return new TaggedUnion<>(value, null);
  }

  public static <T1, T2> TaggedUnion<T1, T2> two(T2 value) {
    return new TaggedUnion<>(null, value);
  }

  public boolean isOne() {
    return one != null;
  }

  public boolean isTwo() {
    return two != null;
  }

  public T1 getOne() {
    return one;
  }

  public T2 getTwo() {
    return two;
  }

  @Override
  public String toString() {
    return isOne() ? "one(" + one + ")" : "two(" + two + ")";
  }
}
