package io.weft.core.types;

import io.weft.api.tuple.Tuple;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Type constants and factories, for declaring types by hand: {@code
 * .returns(Types.TUPLE(Types.STRING, Types.LONG))}.
 */
public final class Types {
  public static final TypeInfo<String> STRING =
      new BasicTypeInfo<>(String.class, "String", StringSerializer.INSTANCE);
  public static final TypeInfo<Integer> INT =
      new BasicTypeInfo<>(Integer.class, "Integer", IntSerializer.INSTANCE);
  public static final TypeInfo<Long> LONG = new BasicTypeInfo<>(Long.class, "Long", LongSerializer.INSTANCE);
  public static final TypeInfo<Double> DOUBLE =
      new BasicTypeInfo<>(Double.class, "Double", DoubleSerializer.INSTANCE);
  public static final TypeInfo<Float> FLOAT = new BasicTypeInfo<>(Float.class, "Float", FloatSerializer.INSTANCE);
  public static final TypeInfo<Boolean> BOOLEAN =
      new BasicTypeInfo<>(Boolean.class, "Boolean", BooleanSerializer.INSTANCE);
  public static final TypeInfo<Short> SHORT = new BasicTypeInfo<>(Short.class, "Short", ShortSerializer.INSTANCE);
  public static final TypeInfo<Byte> BYTE = new BasicTypeInfo<>(Byte.class, "Byte", ByteSerializer.INSTANCE);
  public static final TypeInfo<Character> CHAR =
      new BasicTypeInfo<>(Character.class, "Character", CharSerializer.INSTANCE);
  public static final TypeInfo<byte[]> BYTES = new BasicTypeInfo<>(byte[].class, "byte[]", BytesSerializer.INSTANCE);
  public static final TypeInfo<long[]> LONG_ARRAY =
      new BasicTypeInfo<>(long[].class, "long[]", LongArraySerializer.INSTANCE);
  public static final TypeInfo<int[]> INT_ARRAY =
      new BasicTypeInfo<>(int[].class, "int[]", IntArraySerializer.INSTANCE);
  public static final TypeInfo<double[]> DOUBLE_ARRAY =
      new BasicTypeInfo<>(double[].class, "double[]", DoubleArraySerializer.INSTANCE);

  private Types() {}

  /** A Tuple2..Tuple5 with these field types. */
  @SuppressWarnings("unchecked")
  public static <T extends Tuple> TypeInfo<T> TUPLE(TypeInfo<?>... fields) {
    return (TypeInfo<T>) new TupleTypeInfo<>(Arrays.asList(fields));
  }

  /** A List of this element type, read back as an ArrayList. */
  public static <E> TypeInfo<List<E>> LIST(TypeInfo<E> element) {
    return new ListTypeInfo<>(element);
  }

  /** A Map of these key and value types, read back as a HashMap. */
  public static <K, V> TypeInfo<Map<K, V>> MAP(TypeInfo<K> key, TypeInfo<V> value) {
    return new MapTypeInfo<>(key, value);
  }

  /** The given type, whose values may also be null. */
  public static <T> TypeInfo<T> NULLABLE(TypeInfo<T> type) {
    return new NullableTypeInfo<>(type);
  }

  public static <E extends Enum<E>> TypeInfo<E> ENUM(Class<E> type) {
    return new EnumTypeInfo<>(type);
  }

  /**
   * A POJO class, analysed like {@link TypeInfo#of(Class)}.
   *
   * @throws InvalidTypeException if the class is not a valid POJO
   */
  public static <T> TypeInfo<T> POJO(Class<T> type) {
    TypeInfo<T> t = TypeInfo.of(type);
    if (!(t instanceof PojoTypeInfo)) {
      throw InvalidTypeException.of(TypeNames.of(type), null, "it is not a POJO but " + t,
          type.isRecord() ? "use Types.RECORD(...) or TypeInfo.of(...)" : "use TypeInfo.of(...)");
    }
    return t;
  }

  /**
   * A record class, analysed like {@link TypeInfo#of(Class)}.
   *
   * @throws InvalidTypeException if the class is not a record or one of its components is unsupported
   */
  public static <T> TypeInfo<T> RECORD(Class<T> type) {
    if (!type.isRecord()) {
      throw InvalidTypeException.of(TypeNames.of(type), null, "it is not a record",
          "use Types.POJO(...) or TypeInfo.of(...)");
    }
    return TypeInfo.of(type);
  }
}
