package io.weft.core.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.tuple.Tuple;
import io.weft.api.tuple.Tuple2;
import io.weft.api.tuple.Tuple3;
import io.weft.core.types.Fixtures.Box;
import io.weft.core.types.Fixtures.Color;
import io.weft.core.types.Fixtures.Event;
import io.weft.core.types.Fixtures.Pair;
import io.weft.core.types.Fixtures.Person;
import io.weft.core.types.Fixtures.Point;
import java.lang.reflect.ParameterizedType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class TypeInfoTest {

  @Test
  void basicTypesMapToTheirConstants() {
    assertSame(Types.STRING, TypeInfo.of(String.class));
    assertSame(Types.LONG, TypeInfo.of(Long.class));
    assertSame(Types.LONG, TypeInfo.of(long.class));
    assertSame(Types.INT, TypeInfo.of(int.class));
    assertSame(Types.BOOLEAN, TypeInfo.of(Boolean.class));
    assertSame(Types.CHAR, TypeInfo.of(char.class));
    assertSame(Types.BYTES, TypeInfo.of(byte[].class));
    assertSame(Types.LONG_ARRAY, TypeInfo.of(long[].class));
    assertEquals(Integer.class, Types.INT.typeClass());
    assertEquals("byte[]", Types.BYTES.toString());
    assertSame(IntSerializer.INSTANCE, Types.INT.createSerializer());
  }

  @Test
  void typeHintCapturesGenericTypes() {
    TypeHint<Tuple2<String, Long>> hint = new TypeHint<Tuple2<String, Long>>() {};
    assertInstanceOf(ParameterizedType.class, hint.getType());
    TypeInfo<Tuple2<String, Long>> info = TypeInfo.of(hint);
    assertEquals("Tuple2<String, Long>", info.toString());
    assertEquals(Tuple2.class, info.typeClass());
    assertEquals(Types.TUPLE(Types.STRING, Types.LONG), info);
    assertEquals(info, hint.getTypeInfo());
    assertNotEquals(Types.TUPLE(Types.LONG, Types.STRING), info);
    TupleTypeInfo<?> tuple = (TupleTypeInfo<?>) info;
    assertEquals(2, tuple.arity());
    assertSame(Types.LONG, tuple.fieldType(1));
  }

  @Test
  void readableNames() {
    assertEquals("Tuple3<Integer, List<String>, Map<String, Double>>",
        TypeInfo.of(new TypeHint<Tuple3<Integer, List<String>, Map<String, Double>>>() {}).toString());
    assertEquals("Person", TypeInfo.of(Person.class).toString());
    assertEquals("Pair<String, Point>", TypeInfo.of(new TypeHint<Pair<String, Point>>() {}).toString());
    assertEquals("Color", TypeInfo.of(Color.class).toString());
    assertEquals("List<Long>", Types.LIST(Types.LONG).toString());
    assertEquals("Nullable<String>", Types.NULLABLE(Types.STRING).toString());
  }

  @Test
  void recordsAndPojosAreAnalysedRecursively() {
    RecordTypeInfo<?> event = (RecordTypeInfo<?>) TypeInfo.of(Event.class);
    assertEquals(List.of("id", "ts", "points", "counts", "color"), event.fieldNames());
    assertEquals(Types.LIST(TypeInfo.of(Point.class)), event.fieldType("points"));
    assertEquals(Types.MAP(Types.STRING, Types.INT), event.fieldType("counts"));
    assertEquals(Types.ENUM(Color.class), event.fieldType("color"));

    PojoTypeInfo<?> person = (PojoTypeInfo<?>) TypeInfo.of(Person.class);
    assertEquals(List.of("active", "address", "age", "name", "tags"), person.fieldNames());
    assertEquals(Types.LIST(Types.STRING), person.fieldType("tags"));
    assertSame(Types.BOOLEAN, person.fieldType("active"));
    assertSame(Types.INT, person.fieldType("age"));
    assertEquals(List.of("active", "address", "age", "name", "tags"),
        ((PojoSerializer<?>) person.createSerializer()).fieldNames());
    assertEquals(TypeInfo.of(Person.class), Types.POJO(Person.class));
    assertEquals(TypeInfo.of(Event.class), Types.RECORD(Event.class));
  }

  @Test
  void genericRecordsAndPojosResolveTheirTypeVariables() {
    TypeInfo<Box<List<String>>> box = TypeInfo.of(new TypeHint<Box<List<String>>>() {});
    assertEquals(Types.LIST(Types.STRING), ((PojoTypeInfo<?>) box).fieldType("value"));
    Box<List<String>> b = new Box<>();
    b.value = List.of("x");
    assertEquals(List.of("x"), Fixtures.roundTrip(box.createSerializer(), b).value);

    TypeInfo<Pair<String, Pair<Long, Color>>> pair =
        TypeInfo.of(new TypeHint<Pair<String, Pair<Long, Color>>>() {});
    Pair<String, Pair<Long, Color>> p = new Pair<>("a", new Pair<>(1L, Color.GREEN));
    assertEquals(p, Fixtures.roundTrip(pair.createSerializer(), p));

    // A generic superclass bound by the subclass.
    PojoTypeInfo<?> sp = (PojoTypeInfo<?>) TypeInfo.of(Fixtures.StringPayload.class);
    assertSame(Types.STRING, sp.fieldType("payload"));
    // A generic class used twice at different arguments is not mistaken for recursion.
    TypeInfo.of(new TypeHint<Box<Box<String>>>() {});
  }

  @Test
  void nullableTypes() {
    TypeSerializer<Long> s = Types.NULLABLE(Types.LONG).createSerializer();
    assertEquals(null, Fixtures.roundTrip(s, null));
    assertEquals(5L, Fixtures.roundTrip(s, 5L));
  }

  // ---- errors ----

  private static InvalidTypeException rejects(Executable e, String... mustContain) {
    InvalidTypeException ex = assertThrows(InvalidTypeException.class, e);
    for (String s : mustContain) {
      assertTrue(ex.getMessage().contains(s), "expected '" + s + "' in: " + ex.getMessage());
    }
    assertTrue(ex.getMessage().contains("Fix:"), ex.getMessage());
    return ex;
  }

  private static final String RETURNS = ".returns(...)";
  private static final String POJO_FIX = "a POJO (public class with a public no-arg constructor";

  @Test
  void objectIsRejected() {
    rejects(() -> TypeInfo.of(Object.class), "java.lang.Object", "make it a record", POJO_FIX, RETURNS);
    rejects(() -> TypeInfo.of(Fixtures.HoldsObject.class), "java.lang.Object",
        "field 'payload' of " + Fixtures.HoldsObject.class.getCanonicalName(), RETURNS);
  }

  @Test
  void interfacesAndAbstractClassesAreRejected() {
    rejects(() -> TypeInfo.of(Fixtures.Shape.class), "Shape", "interface", POJO_FIX);
    rejects(() -> TypeInfo.of(Fixtures.AbstractShape.class), "AbstractShape", "abstract", POJO_FIX);
    rejects(() -> TypeInfo.of(Tuple.class), "Tuple", "TypeHint");
  }

  @Test
  void classWithoutNoArgConstructorIsRejected() {
    rejects(() -> TypeInfo.of(Fixtures.NoDefaultConstructor.class), "NoDefaultConstructor",
        "no public no-arg constructor", "make it a record", RETURNS);
  }

  @Test
  void nonPublicAndInnerClassesAreRejected() {
    rejects(() -> TypeInfo.of(Fixtures.NotPublic.class), "NotPublic", "not public", "make the class public");
    rejects(() -> TypeInfo.of(Fixtures.Inner.class), "Inner", "inner class", "declare it static");
    class Local {
      public int x;
    }
    rejects(() -> TypeInfo.of(Local.class), "Local", "anonymous or local class");
    record LocalRecord(int x) {}
    rejects(() -> TypeInfo.of(LocalRecord.class), "LocalRecord", "public");
  }

  @Test
  void rawTuplesAskForATypeHint() {
    rejects(() -> TypeInfo.of(Tuple2.class), "Tuple2", "without type arguments", "TypeHint",
        "Types.TUPLE", RETURNS);
    rejects(() -> TypeInfo.of(Fixtures.HoldsRawTuple.class), "Tuple2", "field 'pair'", "TypeHint");
    rejects(() -> TypeInfo.of(List.class), "java.util.List", "element type", "Types.LIST");
    rejects(() -> TypeInfo.of(Map.class), "java.util.Map", "Types.MAP");
  }

  @Test
  void typeVariablesAndWildcardsAreRejected() {
    rejects(() -> TypeInfo.of(Box.class), "type variable", "T", "field 'value'", "TypeHint");
    rejects(() -> hintWithTypeVariable(), "type variable", "X", "TypeHint");
    rejects(() -> TypeInfo.of(Fixtures.HoldsWildcard.class), "? extends java.lang.Number", "wildcard",
        "field 'numbers'");
  }

  private static <X> void hintWithTypeVariable() {
    TypeInfo.of(new TypeHint<Tuple2<X, Long>>() {});
  }

  @Test
  void recursiveTypesAreRejectedWithoutOverflowingTheStack() {
    rejects(() -> TypeInfo.of(Fixtures.Node.class), "Node", "field 'next'", "contains itself", "cycle");
    rejects(() -> TypeInfo.of(Fixtures.Tree.class), "Tree", "field 'children'", "contains itself");
  }

  @Test
  void fieldsWithoutAccessorsAreRejected() {
    rejects(() -> TypeInfo.of(Fixtures.PrivateNoGetter.class), "PrivateNoGetter", "field 'secret'",
        "getSecret()", "setSecret(int)");
    rejects(() -> TypeInfo.of(Fixtures.PrivateNoSetter.class), "field 'secret'", "no public setter setSecret(int)");
    rejects(() -> TypeInfo.of(Fixtures.PublicFinal.class), "field 'x'", "public final");
    rejects(() -> TypeInfo.of(Fixtures.NoFields.class), "NoFields", "no fields");
  }

  @Test
  void unsupportedJdkAndCollectionClassesAreRejected() {
    rejects(() -> TypeInfo.of(Fixtures.HoldsDate.class), "java.util.Date", "JDK class", "field 'when'");
    rejects(() -> TypeInfo.of(Fixtures.HoldsLinkedList.class), "LinkedList", "declare it as List");
    rejects(() -> TypeInfo.of(String[].class), "String[]", "use a List");
    rejects(() -> TypeInfo.of(void.class), "void");
  }

  @Test
  void typesFactoriesCheckTheKind() {
    rejects(() -> Types.POJO(Point.class), "Point", "Types.RECORD");
    rejects(() -> Types.RECORD(Person.class), "Person", "not a record");
  }

  @Test
  void typeHintMustBeADirectSubclass() {
    abstract class Indirect<T> extends TypeHint<T> {}
    assertThrows(IllegalStateException.class, () -> new Indirect<String>() {});
  }
}
