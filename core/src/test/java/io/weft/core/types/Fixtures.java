package io.weft.core.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Types and helpers shared by the tests. */
public final class Fixtures {
  private Fixtures() {}

  static <T> byte[] write(TypeSerializer<T> s, T value) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      s.serialize(value, out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static <T> T read(TypeSerializer<T> s, byte[] bytes) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    T value = s.deserialize(in);
    assertEquals(-1, in.read(), "deserialize must consume exactly the bytes serialize wrote");
    return value;
  }

  /** Writes and reads back a value, checking fixedLength and that every truncation fails with EOF. */
  static <T> T roundTrip(TypeSerializer<T> s, T value) {
    byte[] bytes = write(s, value);
    if (s.fixedLength() >= 0) {
      assertEquals(s.fixedLength(), bytes.length, "fixedLength vs bytes written for " + value);
    }
    try {
      T back = read(s, bytes);
      assertTruncationFails(s, bytes);
      return back;
    } catch (IOException e) {
      throw new AssertionError("round trip of " + value + " failed", e);
    }
  }

  /** Every strict prefix of a serialized value must end in EOFException, never in a value. */
  static void assertTruncationFails(TypeSerializer<?> s, byte[] bytes) {
    // Long inputs: check both ends and a sample in between, or the test takes quadratic time.
    List<Integer> cuts = new ArrayList<>();
    int step = Math.max(1, bytes.length / 64);
    for (int i = 0; i < bytes.length; i++) {
      if (i < 100 || i >= bytes.length - 100 || i % step == 0) {
        cuts.add(i);
      }
    }
    for (int cut : cuts) {
      try {
        Object v = s.deserialize(new DataInputStream(new ByteArrayInputStream(bytes, 0, cut)));
        fail("reading " + cut + " of " + bytes.length + " bytes returned " + v);
      } catch (EOFException expected) {
        // good
      } catch (IOException e) {
        fail("reading " + cut + " of " + bytes.length + " bytes threw " + e + " instead of EOFException");
      }
    }
  }

  static void assertRejectsNull(TypeSerializer<?> s, String typeName) {
    @SuppressWarnings("unchecked")
    TypeSerializer<Object> o = (TypeSerializer<Object>) s;
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> o.serialize(null, new DataOutputStream(new ByteArrayOutputStream())));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(typeName), e.getMessage());
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("NullableSerializer"), e.getMessage());
  }

  // ---- domain types ----

  public enum Color { RED, GREEN, BLUE }

  public enum Op {
    ADD { @Override int apply(int a, int b) { return a + b; } },
    SUB { @Override int apply(int a, int b) { return a - b; } };

    abstract int apply(int a, int b);
  }

  public record Point(int x, int y) {}

  public record Event(String id, long ts, List<Point> points, Map<String, Integer> counts, Color color) {}

  public record Pair<A, B>(A first, B second) {}

  public record Empty() {}

  public record Positive(int value) {
    public Positive {
      if (value <= 0) {
        throw new IllegalArgumentException("not positive: " + value);
      }
    }
  }

  public static class Address {
    public String city;
    public Integer zip;

    public Address() {}

    public Address(String city, Integer zip) {
      this.city = city;
      this.zip = zip;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Address a && Objects.equals(a.city, city) && Objects.equals(a.zip, zip);
    }

    @Override
    public int hashCode() {
      return Objects.hash(city, zip);
    }

    @Override
    public String toString() {
      return "Address(" + city + "," + zip + ")";
    }
  }

  /** Public fields, a private field with getter/setter, a primitive, a nested POJO. */
  public static class Person {
    public String name;
    public int age;
    private List<String> tags = new ArrayList<>(List.of("initialised by the constructor"));
    private boolean active;
    public Address address;
    public static int ignoredStatic = 7;
    public transient String ignoredTransient = "transient";

    public List<String> getTags() {
      return tags;
    }

    public void setTags(List<String> tags) {
      this.tags = tags;
    }

    public boolean isActive() {
      return active;
    }

    // A fluent setter: its return value is dropped.
    public Person setActive(boolean active) {
      this.active = active;
      return this;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Person p && Objects.equals(p.name, name) && p.age == age && Objects.equals(p.tags, tags)
          && p.active == active && Objects.equals(p.address, address);
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, age, tags, active, address);
    }

    @Override
    public String toString() {
      return "Person(" + name + "," + age + "," + tags + "," + active + "," + address + ")";
    }
  }

  public static class Base {
    public long id;
  }

  public static class Derived extends Base {
    public String label;
  }

  public static class GenericBase<T> {
    public T payload;
  }

  public static class StringPayload extends GenericBase<String> {
    public int n;
  }

  public static class Box<T> {
    public T value;
  }

  /** More than eight fields, so the null mask takes two groups. */
  public static class Wide {
    public Integer a0;
    public Integer a1;
    public Integer a2;
    public Integer a3;
    public Integer a4;
    public Integer a5;
    public Integer a6;
    public Integer a7;
    public Integer a8;
    public String a9;
    public long a10;
  }

  // ---- unsupported types ----

  public static class Node {
    public int value;
    public Node next;
  }

  public static class Tree {
    public List<Tree> children;
  }

  public interface Shape {
    double area();
  }

  public abstract static class AbstractShape {
    public double size;
  }

  public static class NoDefaultConstructor {
    public int x;

    public NoDefaultConstructor(int x) {
      this.x = x;
    }
  }

  static class NotPublic {
    public int x;
  }

  public class Inner {
    public int x;
  }

  public static class PrivateNoGetter {
    private int secret;
  }

  public static class PrivateNoSetter {
    private int secret;

    public int getSecret() {
      return secret;
    }
  }

  public static class PublicFinal {
    public final int x = 1;
  }

  public static class HoldsObject {
    public Object payload;
  }

  public static class HoldsDate {
    public java.util.Date when;
  }

  public static class HoldsWildcard {
    public List<? extends Number> numbers;
  }

  public static class HoldsLinkedList {
    public java.util.LinkedList<String> names;
  }

  public static class NoFields {
    public static int counter;
  }

  public static class HoldsRawTuple {
    @SuppressWarnings("rawtypes")
    public io.weft.api.tuple.Tuple2 pair;
  }
}
