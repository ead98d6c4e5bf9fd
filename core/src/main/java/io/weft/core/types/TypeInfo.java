package io.weft.core.types;

import java.io.Serializable;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * Describes the type of the values of a stream, a state or a field, and creates their serializer.
 *
 * <p>Get one from {@link #of(Class)} (analyses the class), {@link #of(TypeHint)} (for generic types
 * such as {@code Tuple2<String, Long>}, whose arguments Java erases from a {@code Class}), or the
 * constants and factories in {@link Types}. Types Weft cannot serialize are rejected up front with
 * an {@link InvalidTypeException} that names the type, the reason and the fix.
 *
 * <p>Serializable, because the plan that holds it is shipped from the client (see {@code
 * io.weft.core.plan.PlanFile}); serializers are created where they are used, never shipped.
 */
public abstract class TypeInfo<T> implements Serializable {
  private static final long serialVersionUID = 1L;

  protected TypeInfo() {}

  /** The class of the values; for parameterized types the raw class (e.g. {@code Tuple2}). */
  public abstract Class<T> typeClass();

  /** A new serializer for the values; serializers are stateless and may be shared by threads. */
  public abstract TypeSerializer<T> createSerializer();

  /** A readable form of the type, e.g. {@code Tuple2<String, Long>}. */
  @Override
  public abstract String toString();

  /**
   * Analyses a class: boxed primitives (and primitives, as their boxes), String, byte[], long[],
   * int[], double[], enums, records and POJOs, whose component and field types are analysed in
   * turn. Generic classes such as Tuple2 or List need their type arguments: use {@link
   * #of(TypeHint)} or {@link Types}.
   *
   * @throws InvalidTypeException if Weft cannot derive a serializer for the class
   */
  @SuppressWarnings("unchecked")
  public static <T> TypeInfo<T> of(Class<T> type) {
    return (TypeInfo<T>) TypeAnalyzer.analyze(Objects.requireNonNull(type, "type"));
  }

  /**
   * Analyses the type captured by a type hint: {@code TypeInfo.of(new TypeHint<Tuple2<String,
   * Long>>() {})}.
   *
   * @throws InvalidTypeException if Weft cannot derive a serializer for the type
   */
  @SuppressWarnings("unchecked")
  public static <T> TypeInfo<T> of(TypeHint<T> hint) {
    return (TypeInfo<T>) TypeAnalyzer.analyze(hint.getType());
  }

  /**
   * Analyses a reflective type: a Class or a ParameterizedType whose arguments are concrete.
   *
   * @throws InvalidTypeException if Weft cannot derive a serializer for the type, which includes
   *     type variables and wildcards
   */
  public static TypeInfo<?> ofType(Type type) {
    return TypeAnalyzer.analyze(Objects.requireNonNull(type, "type"));
  }
}
