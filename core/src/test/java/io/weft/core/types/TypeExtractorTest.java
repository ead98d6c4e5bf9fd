package io.weft.core.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.tuple.Tuple2;
import io.weft.core.types.Fixtures.Person;
import io.weft.core.types.Fixtures.Point;
import java.io.Serializable;
import java.util.List;
import org.junit.jupiter.api.Test;

class TypeExtractorTest {

  // Stand-ins for the engine's function interfaces.
  public interface MapFn<I, O> extends Serializable {
    O map(I value) throws Exception;
  }

  public interface FlatMapFn<I, O> extends Serializable {
    void flatMap(I value, Sink<O> out) throws Exception;
  }

  public interface Sink<T> {
    void collect(T value);
  }

  public interface KeyFn<K, I> extends Serializable {
    K key(I value);
  }

  /** Rebinds the type parameters and inherits the abstract method. */
  public interface FromString<O> extends MapFn<String, O> {}

  public interface PlainMapFn<I, O> {
    O map(I value);
  }

  public static class Named implements MapFn<String, Tuple2<String, Long>> {
    @Override
    public Tuple2<String, Long> map(String value) {
      return Tuple2.of(value, 1L);
    }
  }

  public abstract static class ToListOf<E> implements MapFn<String, List<E>> {}

  public static class Identity<T> implements MapFn<T, T> {
    @Override
    public T map(T value) {
      return value;
    }
  }

  @Test
  void anonymousClassesDeclareTheirTypes() {
    MapFn<String, Tuple2<String, Long>> fn = new MapFn<>() {
      @Override
      public Tuple2<String, Long> map(String value) {
        return Tuple2.of(value, 1L);
      }
    };
    assertEquals(Types.TUPLE(Types.STRING, Types.LONG), TypeExtractor.outputType(fn, MapFn.class, 1));
    assertSame(Types.STRING, TypeExtractor.inputType(fn, MapFn.class, 0));
    assertEquals(Types.TUPLE(Types.STRING, Types.LONG), TypeExtractor.outputType(new Named(), MapFn.class, 1));
  }

  @Test
  void typeArgumentsBoundThroughAGenericSuperclass() {
    ToListOf<Point> fn = new ToListOf<>() {
      @Override
      public List<Point> map(String value) {
        return List.of();
      }
    };
    assertEquals(Types.LIST(TypeInfo.of(Point.class)), TypeExtractor.outputType(fn, MapFn.class, 1));
  }

  @Test
  void typeArgumentsBoundThroughASubInterface() {
    FromString<Long> fn = new FromString<>() {
      @Override
      public Long map(String value) {
        return 1L;
      }
    };
    assertSame(Types.STRING, TypeExtractor.outputType(fn, MapFn.class, 0));
    assertSame(Types.LONG, TypeExtractor.outputType(fn, MapFn.class, 1));
    assertSame(Types.LONG, TypeExtractor.outputType(fn, FromString.class, 0));
  }

  @Test
  void typeVariablesGiveNull() {
    assertNull(TypeExtractor.outputType(new Identity<String>(), MapFn.class, 1));
    // An anonymous subclass binds T.
    assertSame(Types.STRING, TypeExtractor.outputType(new Identity<String>() {}, MapFn.class, 1));
  }

  @Test
  void serializableLambdasWithNonGenericTypes() {
    MapFn<String, Long> length = s -> (long) s.length();
    assertSame(Types.LONG, TypeExtractor.outputType(length, MapFn.class, 1));
    assertSame(Types.STRING, TypeExtractor.outputType(length, MapFn.class, 0));

    long offset = 3; // a capturing lambda: captured values are not part of the instantiated type
    MapFn<Person, Point> toPoint = p -> new Point(p.age, (int) offset);
    assertEquals(TypeInfo.of(Point.class), TypeExtractor.outputType(toPoint, MapFn.class, 1));
    assertEquals(TypeInfo.of(Person.class), TypeExtractor.outputType(toPoint, MapFn.class, 0));

    MapFn<String, Integer> methodRef = String::length;
    assertSame(Types.INT, TypeExtractor.outputType(methodRef, MapFn.class, 1));

    MapFn<String, byte[]> bytes = String::getBytes;
    assertSame(Types.BYTES, TypeExtractor.outputType(bytes, MapFn.class, 1));

    KeyFn<Long, String> key = s -> (long) s.hashCode();
    assertSame(Types.LONG, TypeExtractor.outputType(key, KeyFn.class, 0));
    assertSame(Types.STRING, TypeExtractor.outputType(key, KeyFn.class, 1));

    FromString<Double> sub = Double::valueOf;
    assertSame(Types.DOUBLE, TypeExtractor.outputType(sub, MapFn.class, 1));
    assertSame(Types.DOUBLE, TypeExtractor.outputType(sub, FromString.class, 0));
  }

  @Test
  void lambdasWithGenericTypesGiveNull() {
    MapFn<String, Tuple2<String, Long>> toTuple = s -> Tuple2.of(s, 1L);
    assertNull(TypeExtractor.outputType(toTuple, MapFn.class, 1));
    assertSame(Types.STRING, TypeExtractor.outputType(toTuple, MapFn.class, 0));
    MapFn<String, List<String>> toList = List::of;
    assertNull(TypeExtractor.outputType(toList, MapFn.class, 1));
  }

  @Test
  void erasedOrHiddenTypesGiveNull() {
    // The output only appears inside Sink<O>, which a lambda erases.
    FlatMapFn<String, Long> split = (s, out) -> out.collect(1L);
    assertNull(TypeExtractor.outputType(split, FlatMapFn.class, 1));
    assertSame(Types.STRING, TypeExtractor.outputType(split, FlatMapFn.class, 0));
    // Not serializable: no SerializedLambda to read.
    PlainMapFn<String, Long> plain = s -> 1L;
    assertNull(TypeExtractor.outputType(plain, PlainMapFn.class, 1));
    // A generic method's lambda is instantiated at Object.
    assertNull(TypeExtractor.outputType(identity(), MapFn.class, 1));
  }

  private static <T> MapFn<T, T> identity() {
    return v -> v;
  }

  @Test
  void knownButUnsupportedTypesThrow() {
    MapFn<String, Fixtures.NoDefaultConstructor> fn = new MapFn<>() {
      @Override
      public Fixtures.NoDefaultConstructor map(String value) {
        return null;
      }
    };
    InvalidTypeException e = assertThrows(InvalidTypeException.class, () -> TypeExtractor.outputType(fn, MapFn.class, 1));
    assertTrue(e.getMessage().contains("NoDefaultConstructor"), e.getMessage());
    MapFn<String, Object> toObject = new MapFn<>() {
      @Override
      public Object map(String value) {
        return value;
      }
    };
    assertNull(TypeExtractor.outputType(toObject, MapFn.class, 1));
  }

  @Test
  void badArgumentsAreRejected() {
    MapFn<String, Long> fn = s -> 1L;
    assertThrows(IllegalArgumentException.class, () -> TypeExtractor.outputType(fn, KeyFn.class, 0));
    assertThrows(IllegalArgumentException.class, () -> TypeExtractor.outputType(fn, MapFn.class, 2));
  }
}
