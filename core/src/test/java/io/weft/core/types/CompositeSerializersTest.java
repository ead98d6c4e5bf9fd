package io.weft.core.types;

import static io.weft.core.types.Fixtures.read;
import static io.weft.core.types.Fixtures.roundTrip;
import static io.weft.core.types.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.tuple.Tuple2;
import io.weft.api.tuple.Tuple3;
import io.weft.api.tuple.Tuple5;
import io.weft.core.types.Fixtures.Address;
import io.weft.core.types.Fixtures.Color;
import io.weft.core.types.Fixtures.Derived;
import io.weft.core.types.Fixtures.Event;
import io.weft.core.types.Fixtures.Op;
import io.weft.core.types.Fixtures.Person;
import io.weft.core.types.Fixtures.Point;
import io.weft.core.types.Fixtures.Wide;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompositeSerializersTest {

  private static Person person() {
    Person p = new Person();
    p.name = "Ada";
    p.age = 36;
    p.setTags(new ArrayList<>(List.of("math", "engines")));
    p.setActive(true);
    p.address = new Address("London", 12345);
    return p;
  }

  @Test
  void tuplesRoundTripWithNullFields() {
    TypeSerializer<Tuple2<String, Long>> s = Types.<Tuple2<String, Long>>TUPLE(Types.STRING, Types.LONG)
        .createSerializer();
    assertEquals(Tuple2.of("a", 1L), roundTrip(s, Tuple2.of("a", 1L)));
    assertEquals(Tuple2.of(null, 1L), roundTrip(s, Tuple2.of(null, 1L)));
    assertEquals(Tuple2.of(null, null), roundTrip(s, Tuple2.of(null, null)));
    assertEquals(1, write(s, Tuple2.of(null, null)).length);

    TypeSerializer<Tuple5<Integer, String, Double, Boolean, byte[]>> s5 =
        Types.<Tuple5<Integer, String, Double, Boolean, byte[]>>TUPLE(
            Types.INT, Types.STRING, Types.DOUBLE, Types.BOOLEAN, Types.BYTES).createSerializer();
    Tuple5<Integer, String, Double, Boolean, byte[]> t = roundTrip(s5, new Tuple5<>(1, null, 2.5, true, new byte[] {4}));
    assertEquals(1, t.f0);
    assertNull(t.f1);
    assertEquals(4, t.f4[0]);
  }

  @Test
  void tupleCopyIsDeep() {
    TypeSerializer<Tuple2<String, List<Integer>>> s =
        TypeInfo.of(new TypeHint<Tuple2<String, List<Integer>>>() {}).createSerializer();
    Tuple2<String, List<Integer>> original = Tuple2.of("k", new ArrayList<>(List.of(1, 2)));
    Tuple2<String, List<Integer>> copy = s.copy(original);
    assertEquals(original, copy);
    assertNotSame(original, copy);
    copy.f1.add(3);
    copy.f0 = "changed";
    assertEquals(List.of(1, 2), original.f1);
    assertEquals("k", original.f0);
  }

  @Test
  void corruptTupleNullMaskIsRejected() {
    TypeSerializer<Tuple2<Integer, Integer>> s = Types.<Tuple2<Integer, Integer>>TUPLE(Types.INT, Types.INT)
        .createSerializer();
    assertThrows(IOException.class, () -> read(s, new byte[] {(byte) 0x04}));
  }

  @Test
  void pojoAndRecordNullMasksNamingFieldsBeyondTheLastAreRejected() {
    // Address and Point have two fields each: bit 2 of the mask names a field that does not exist.
    TypeSerializer<Address> pojo = TypeInfo.of(Address.class).createSerializer();
    IOException e = assertThrows(IOException.class, () -> read(pojo, new byte[] {(byte) 0x04}));
    assertTrue(e.getMessage().contains("null mask 0x4 in a " + Address.class.getName()), e.getMessage());
    TypeSerializer<Point> record = TypeInfo.of(Point.class).createSerializer();
    e = assertThrows(IOException.class, () -> read(record, new byte[] {(byte) 0x04}));
    assertTrue(e.getMessage().contains("null mask 0x4 in a " + Point.class.getName()), e.getMessage());
  }

  @Test
  void pojosRoundTripThroughFieldsAndAccessors() {
    TypeSerializer<Person> s = TypeInfo.of(Person.class).createSerializer();
    Person p = person();
    Person back = roundTrip(s, p);
    assertEquals(p, back);
    assertTrue(back.isActive());
    assertEquals("transient", back.ignoredTransient);
  }

  @Test
  void pojoNullFieldsComeBackNullEvenWhenTheConstructorSetsThem() {
    TypeSerializer<Person> s = TypeInfo.of(Person.class).createSerializer();
    Person p = new Person();
    p.setTags(null);
    Person back = roundTrip(s, p);
    assertNull(back.getTags());
    assertNull(back.name);
    assertNull(back.address);
  }

  @Test
  void pojoWithNullsInsideItsList() {
    TypeSerializer<Person> s = TypeInfo.of(Person.class).createSerializer();
    Person p = person();
    p.setTags(new ArrayList<>(Arrays.asList("a", null, "c")));
    assertEquals(p, roundTrip(s, p));
  }

  @Test
  void pojoCopyIsDeep() {
    TypeSerializer<Person> s = TypeInfo.of(Person.class).createSerializer();
    Person original = person();
    Person copy = s.copy(original);
    assertEquals(original, copy);
    copy.getTags().add("more");
    copy.address.city = "Paris";
    copy.name = "Bob";
    assertEquals(List.of("math", "engines"), original.getTags());
    assertEquals("London", original.address.city);
    assertEquals("Ada", original.name);
  }

  @Test
  void inheritedFieldsAreSerialized() {
    TypeSerializer<Derived> s = TypeInfo.of(Derived.class).createSerializer();
    Derived d = new Derived();
    d.id = 99;
    d.label = "x";
    Derived back = roundTrip(s, d);
    assertEquals(99, back.id);
    assertEquals("x", back.label);
  }

  @Test
  void moreThanEightFieldsUseSeveralNullMasks() {
    TypeSerializer<Wide> s = TypeInfo.of(Wide.class).createSerializer();
    Wide w = new Wide();
    w.a0 = 0;
    w.a3 = 3;
    w.a8 = 8;
    w.a10 = -10;
    Wide back = roundTrip(s, w);
    assertEquals(0, back.a0);
    assertNull(back.a1);
    assertEquals(3, back.a3);
    assertEquals(8, back.a8);
    assertNull(back.a9);
    assertEquals(-10, back.a10);
  }

  @Test
  void recordsRoundTripWithNullComponents() {
    TypeSerializer<Event> s = TypeInfo.of(Event.class).createSerializer();
    Map<String, Integer> counts = new HashMap<>();
    counts.put("a", 1);
    counts.put("b", null);
    Event e = new Event("id", 7L, new ArrayList<>(List.of(new Point(1, 2), new Point(-3, 4))), counts, Color.BLUE);
    assertEquals(e, roundTrip(s, e));
    Event sparse = new Event(null, 0L, null, null, null);
    assertEquals(sparse, roundTrip(s, sparse));
  }

  @Test
  void recordCopyIsDeepForMutableComponents() {
    TypeSerializer<Event> s = TypeInfo.of(Event.class).createSerializer();
    Event e = new Event("id", 7L, new ArrayList<>(List.of(new Point(1, 2))), new HashMap<>(Map.of("a", 1)), Color.RED);
    Event copy = s.copy(e);
    assertEquals(e, copy);
    copy.points().add(new Point(0, 0));
    copy.counts().put("z", 26);
    assertEquals(1, e.points().size());
    assertEquals(Map.of("a", 1), e.counts());
  }

  @Test
  void recordsWithoutComponentsWriteNothing() {
    TypeSerializer<Fixtures.Empty> s = TypeInfo.of(Fixtures.Empty.class).createSerializer();
    assertEquals(0, write(s, new Fixtures.Empty()).length);
    assertEquals(new Fixtures.Empty(), roundTrip(s, new Fixtures.Empty()));
  }

  @Test
  void aRecordConstructorRejectingTheDataIsAnIoException() {
    TypeSerializer<Point> points = TypeInfo.of(Point.class).createSerializer();
    byte[] bytes = write(points, new Point(-1, 0)); // same layout as Positive(int) plus one int
    TypeSerializer<Fixtures.Positive> s = TypeInfo.of(Fixtures.Positive.class).createSerializer();
    IOException e = assertThrows(IOException.class,
        () -> s.deserialize(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes))));
    assertTrue(e.getMessage().contains("Positive"), e.getMessage());
  }

  @Test
  void nestedTupleOfPojoOfList() {
    TypeInfo<Tuple3<String, Person, List<Person>>> info =
        TypeInfo.of(new TypeHint<Tuple3<String, Person, List<Person>>>() {});
    TypeSerializer<Tuple3<String, Person, List<Person>>> s = info.createSerializer();
    Tuple3<String, Person, List<Person>> t =
        Tuple3.of("key", person(), new ArrayList<>(Arrays.asList(person(), null, new Person())));
    assertEquals(t, roundTrip(s, t));
    Tuple3<String, Person, List<Person>> copy = s.copy(t);
    copy.f1.getTags().clear();
    copy.f2.get(0).name = "changed";
    assertEquals(List.of("math", "engines"), t.f1.getTags());
    assertEquals("Ada", t.f2.get(0).name);
  }

  @Test
  void listsReadBackAsArrayListWithNulls() {
    ListSerializer<String> s = new ListSerializer<>(StringSerializer.INSTANCE);
    assertEquals(List.of(), roundTrip(s, List.of()));
    assertEquals(List.of("a", "b"), roundTrip(s, List.of("a", "b")));
    List<String> withNulls = Arrays.asList(null, "x", null);
    assertEquals(withNulls, roundTrip(s, withNulls));
    LinkedList<String> linked = new LinkedList<>(List.of("p", "q"));
    List<String> back = roundTrip(s, linked);
    assertInstanceOf(ArrayList.class, back);
    assertEquals(linked, back);
    // Without nulls: size + flag + elements, no per-element marker.
    assertEquals(1 + 1 + 2 + 2, write(s, List.of("a", "b")).length);
  }

  @Test
  void listCopyIsIndependent() {
    ListSerializer<List<Integer>> s = new ListSerializer<>(new ListSerializer<>(IntSerializer.INSTANCE));
    List<List<Integer>> original = new ArrayList<>(List.of(new ArrayList<>(List.of(1))));
    List<List<Integer>> copy = s.copy(original);
    copy.get(0).add(2);
    copy.add(new ArrayList<>());
    assertEquals(List.of(List.of(1)), original);
  }

  @Test
  void mapsRoundTripWithNullKeysAndValues() {
    MapSerializer<String, Long> s = new MapSerializer<>(StringSerializer.INSTANCE, LongSerializer.INSTANCE);
    Map<String, Long> m = new HashMap<>();
    for (int i = 0; i < 100; i++) {
      m.put("k" + i, (long) i);
    }
    assertEquals(m, roundTrip(s, m));
    m.put(null, 1L);
    m.put("nullValue", null);
    Map<String, Long> back = roundTrip(s, m);
    assertEquals(m, back);
    assertInstanceOf(HashMap.class, back);
    assertEquals(Map.of(), roundTrip(s, Map.of()));
  }

  @Test
  void mapCopyIsIndependent() {
    MapSerializer<String, List<String>> s =
        new MapSerializer<>(StringSerializer.INSTANCE, new ListSerializer<>(StringSerializer.INSTANCE));
    Map<String, List<String>> original = new HashMap<>();
    original.put("a", new ArrayList<>(List.of("x")));
    Map<String, List<String>> copy = s.copy(original);
    copy.get("a").add("y");
    copy.put("b", List.of());
    assertEquals(Map.of("a", List.of("x")), original);
  }

  @Test
  void duplicateMapKeysAreCorruptInput() {
    MapSerializer<Integer, Integer> s = new MapSerializer<>(IntSerializer.INSTANCE, IntSerializer.INSTANCE);
    byte[] bytes = write(s, Map.of(1, 1, 2, 2));
    // size, flag, then key/value ints: overwrite the second key with the first.
    byte[] dup = bytes.clone();
    System.arraycopy(dup, 2, dup, 10, 4);
    assertThrows(IOException.class, () -> read(s, dup));
  }

  @Test
  void enumsByOrdinalWithACheckOnRead() throws IOException {
    EnumSerializer<Color> s = new EnumSerializer<>(Color.class);
    for (Color c : Color.values()) {
      assertSame(c, roundTrip(s, c));
    }
    assertEquals(1, s.fixedLength());
    IOException e = assertThrows(IOException.class, () -> read(s, new byte[] {3}));
    assertTrue(e.getMessage().contains("Color"), e.getMessage());
    TypeSerializer<Op> ops = TypeInfo.of(Op.class).createSerializer();
    assertSame(Op.SUB, roundTrip(ops, Op.SUB));
    // A constant with a body has its own class; it still means the enum.
    @SuppressWarnings("unchecked")
    TypeInfo<Op> viaConstantClass = (TypeInfo<Op>) TypeInfo.ofType(Op.ADD.getClass());
    assertEquals(Op.class, viaConstantClass.typeClass());
  }

  @Test
  void truncatedInputThrowsEofForEveryComposite() {
    // roundTrip already checks every truncation; this names the case explicitly.
    TypeSerializer<Tuple2<String, Person>> s = Types.<Tuple2<String, Person>>TUPLE(
        Types.STRING, TypeInfo.of(Person.class)).createSerializer();
    Fixtures.assertTruncationFails(s, write(s, Tuple2.of("abc", person())));
  }
}
