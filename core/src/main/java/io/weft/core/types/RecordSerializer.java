package io.weft.core.types;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Objects;

/**
 * Writes a Java record as its components in declaration order and reads it back through the
 * canonical constructor. Components are written in groups of eight, each group preceded by a byte
 * whose bit i is set when component i of the group is null: no scratch buffer is needed on either
 * side, which keeps the serializer stateless.
 */
public final class RecordSerializer<R> implements TypeSerializer<R> {
  private final Class<R> type;
  private final MethodHandle[] accessors; // (Object)Object
  private final boolean[] primitive;
  private final MethodHandle constructor; // (Object[])Object
  private final TypeSerializer<Object>[] components;

  /**
   * @param componentSerializers one per record component, in declaration order
   * @throws InvalidTypeException if the record or its canonical constructor is not public
   */
  @SuppressWarnings("unchecked")
  public RecordSerializer(Class<R> type, List<? extends TypeSerializer<?>> componentSerializers) {
    this.type = Objects.requireNonNull(type, "type");
    if (!type.isRecord()) {
      throw new IllegalArgumentException(type.getName() + " is not a record");
    }
    RecordComponent[] rc = type.getRecordComponents();
    if (componentSerializers.size() != rc.length) {
      throw new IllegalArgumentException(type.getName() + " has " + rc.length + " components but "
          + componentSerializers.size() + " serializers were given");
    }
    int n = rc.length;
    accessors = new MethodHandle[n];
    primitive = new boolean[n];
    components = new TypeSerializer[n];
    Class<?>[] types = new Class<?>[n];
    try {
      for (int i = 0; i < n; i++) {
        types[i] = rc[i].getType();
        primitive[i] = types[i].isPrimitive();
        accessors[i] = Reflection.LOOKUP.unreflect(rc[i].getAccessor()).asType(Reflection.GETTER);
        components[i] = (TypeSerializer<Object>) Objects.requireNonNull(
            componentSerializers.get(i), "serializer of component " + rc[i].getName());
      }
      constructor = Reflection.LOOKUP.findConstructor(type, MethodType.methodType(void.class, types))
          .asSpreader(Object[].class, n)
          .asType(MethodType.methodType(Object.class, Object[].class));
    } catch (IllegalAccessException | NoSuchMethodException e) {
      String reason = Reflection.notPublicReason(type);
      throw InvalidTypeException.of(TypeNames.of(type), null,
          "its canonical constructor or accessors cannot be reached publicly ("
              + (reason != null ? reason : e.getMessage()) + ")",
          "make the record public, and every class enclosing it public");
    }
  }

  @Override
  public void serialize(R value, DataOutput out) throws IOException {
    if (value == null) {
      throw Io.nullValue(TypeNames.of(type));
    }
    NullMaskedFields.write(value, accessors, primitive, components, out);
  }

  @Override
  public R deserialize(DataInput in) throws IOException {
    int n = components.length;
    Object[] args = new Object[n];
    for (int g = 0; g < n; g += NullMaskedFields.GROUP) {
      int end = Math.min(n, g + NullMaskedFields.GROUP);
      int nulls = NullMaskedFields.readMask(in, end - g, type);
      for (int i = g; i < end; i++) {
        if ((nulls & (1 << (i - g))) == 0) {
          args[i] = components[i].deserialize(in);
        } else if (primitive[i]) {
          throw corrupt("null for primitive component " + i);
        }
      }
    }
    try {
      return construct(args);
    } catch (RuntimeException e) {
      throw new IOException("the constructor of " + type.getName()
          + " rejected the deserialized components: " + e, e);
    }
  }

  @Override
  public R copy(R value) {
    if (value == null) {
      throw Io.nullValue(TypeNames.of(type));
    }
    int n = components.length;
    Object[] args = new Object[n];
    for (int i = 0; i < n; i++) {
      Object v = get(i, value);
      args[i] = v == null ? null : components[i].copy(v);
    }
    return construct(args);
  }

  @Override
  public int fixedLength() {
    return -1;
  }

  private Object get(int i, R value) {
    return NullMaskedFields.get(accessors[i], value);
  }

  private R construct(Object[] args) {
    try {
      return type.cast((Object) constructor.invokeExact(args));
    } catch (Throwable t) {
      throw Reflection.rethrow(t);
    }
  }

  private IOException corrupt(String what) {
    return new IOException("corrupt input: " + what + " in a " + type.getName());
  }
}
