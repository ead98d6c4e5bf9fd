package io.weft.core.types;

import static io.weft.core.types.Fixtures.assertRejectsNull;
import static io.weft.core.types.Fixtures.read;
import static io.weft.core.types.Fixtures.roundTrip;
import static io.weft.core.types.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BasicSerializersTest {

  private static <T> void roundTripAll(TypeSerializer<T> s, List<T> values) {
    for (T v : values) {
      assertEquals(v, roundTrip(s, v));
    }
  }

  @Test
  void boxedPrimitivesRoundTripWithTheirFixedLength() {
    roundTripAll(BooleanSerializer.INSTANCE, List.of(true, false));
    roundTripAll(ByteSerializer.INSTANCE, List.of((byte) 0, Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) -1));
    roundTripAll(ShortSerializer.INSTANCE, List.of((short) 0, Short.MIN_VALUE, Short.MAX_VALUE));
    roundTripAll(IntSerializer.INSTANCE, List.of(0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 42));
    roundTripAll(LongSerializer.INSTANCE, List.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE));
    roundTripAll(FloatSerializer.INSTANCE,
        List.of(0f, -0f, 1.5f, Float.NaN, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, Float.MAX_VALUE));
    roundTripAll(DoubleSerializer.INSTANCE,
        List.of(0d, -0d, Math.PI, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE, -Double.MAX_VALUE));
    roundTripAll(CharSerializer.INSTANCE, List.of('a', '\0', '\uffff', 'é', '\ud83d'));
    assertEquals(1, BooleanSerializer.INSTANCE.fixedLength());
    assertEquals(8, LongSerializer.INSTANCE.fixedLength());
    assertEquals(2, CharSerializer.INSTANCE.fixedLength());
  }

  @Test
  void negativeZeroKeepsItsSign() {
    assertEquals(Double.doubleToRawLongBits(-0d),
        Double.doubleToRawLongBits(roundTrip(DoubleSerializer.INSTANCE, -0d)));
  }

  @Test
  void variableLengthSerializersSayMinusOne() {
    assertEquals(-1, StringSerializer.INSTANCE.fixedLength());
    assertEquals(-1, BytesSerializer.INSTANCE.fixedLength());
    assertEquals(-1, LongArraySerializer.INSTANCE.fixedLength());
    assertEquals(-1, new NullableSerializer<>(IntSerializer.INSTANCE).fixedLength());
    assertEquals(-1, new ListSerializer<>(IntSerializer.INSTANCE).fixedLength());
  }

  @Test
  void plainSerializersRejectNullNamingTheType() {
    assertRejectsNull(IntSerializer.INSTANCE, "Integer");
    assertRejectsNull(LongSerializer.INSTANCE, "Long");
    assertRejectsNull(BooleanSerializer.INSTANCE, "Boolean");
    assertRejectsNull(CharSerializer.INSTANCE, "Character");
    assertRejectsNull(StringSerializer.INSTANCE, "String");
    assertRejectsNull(BytesSerializer.INSTANCE, "byte[]");
    assertRejectsNull(LongArraySerializer.INSTANCE, "long[]");
    assertRejectsNull(new EnumSerializer<>(Fixtures.Color.class), "Color");
    assertRejectsNull(new ListSerializer<>(IntSerializer.INSTANCE), "List");
    assertRejectsNull(new MapSerializer<>(IntSerializer.INSTANCE, IntSerializer.INSTANCE), "Map");
    assertRejectsNull(Types.TUPLE(Types.INT, Types.INT).createSerializer(), "Tuple2");
    assertRejectsNull(Types.POJO(Fixtures.Address.class).createSerializer(), "Address");
    assertRejectsNull(Types.RECORD(Fixtures.Point.class).createSerializer(), "Point");
  }

  @Test
  void nullableSerializerWritesAMarker() throws IOException {
    NullableSerializer<String> s = new NullableSerializer<>(StringSerializer.INSTANCE);
    assertNull(roundTrip(s, null));
    assertEquals(1, write(s, null).length);
    assertEquals("x", roundTrip(s, "x"));
    assertNull(s.copy(null));
    assertThrows(IOException.class, () -> read(s, new byte[] {7}));
  }

  @Test
  void corruptBooleanIsRejected() {
    IOException e = assertThrows(IOException.class, () -> read(BooleanSerializer.INSTANCE, new byte[] {2}));
    assertTrue(e.getMessage().contains("boolean"));
  }

  @Test
  void bytesRoundTripEmptyAndLarge() {
    assertArrayEquals(new byte[0], roundTrip(BytesSerializer.INSTANCE, new byte[0]));
    byte[] large = new byte[3 * 1024 * 1024 + 17]; // larger than the read chunk
    new Random(1).nextBytes(large);
    assertArrayEquals(large, roundTrip(BytesSerializer.INSTANCE, large));
    byte[] one = {-1};
    assertArrayEquals(one, roundTrip(BytesSerializer.INSTANCE, one));
  }

  @Test
  void bytesCopyIsIndependent() {
    byte[] original = {1, 2, 3};
    byte[] copy = BytesSerializer.INSTANCE.copy(original);
    assertNotSame(original, copy);
    copy[0] = 9;
    assertEquals(1, original[0]);
  }

  @Test
  void primitiveArraysRoundTripAndCopy() {
    long[] longs = {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE};
    assertArrayEquals(longs, roundTrip(LongArraySerializer.INSTANCE, longs));
    assertArrayEquals(new long[0], roundTrip(LongArraySerializer.INSTANCE, new long[0]));
    int[] ints = new int[300_000]; // longer than one read chunk of ints
    for (int i = 0; i < ints.length; i++) {
      ints[i] = i * 31 - 7;
    }
    assertArrayEquals(ints, roundTrip(IntArraySerializer.INSTANCE, ints));
    double[] doubles = {0.5, -0d, Double.NaN};
    assertArrayEquals(doubles, roundTrip(DoubleArraySerializer.INSTANCE, doubles));

    long[] copy = LongArraySerializer.INSTANCE.copy(longs);
    copy[0] = 5;
    assertEquals(Long.MIN_VALUE, longs[0]);
    int[] intCopy = IntArraySerializer.INSTANCE.copy(ints);
    intCopy[1] = 0;
    assertEquals(24, ints[1]);
    double[] doubleCopy = DoubleArraySerializer.INSTANCE.copy(doubles);
    doubleCopy[0] = 1;
    assertEquals(0.5, doubles[0]);
  }

  @Test
  void corruptHugeLengthFailsWithEofInsteadOfAllocating() {
    // A length prefix of Integer.MAX_VALUE followed by three bytes.
    byte[] input = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 1, 2, 3};
    assertThrows(EOFException.class, () -> BytesSerializer.INSTANCE.deserialize(in(input)));
    assertThrows(EOFException.class, () -> StringSerializer.INSTANCE.deserialize(in(input)));
    assertThrows(EOFException.class, () -> LongArraySerializer.INSTANCE.deserialize(in(input)));
    assertThrows(EOFException.class, () -> new ListSerializer<>(IntSerializer.INSTANCE).deserialize(in(input)));
  }

  @Test
  void negativeLengthIsCorruptInput() {
    byte[] minusOne = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
    IOException e = assertThrows(IOException.class, () -> BytesSerializer.INSTANCE.deserialize(in(minusOne)));
    assertTrue(e.getMessage().contains("negative length"), e.getMessage());
  }

  private static DataInputStream in(byte[] b) {
    return new DataInputStream(new ByteArrayInputStream(b));
  }
}
