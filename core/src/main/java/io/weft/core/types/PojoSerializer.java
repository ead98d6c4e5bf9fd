package io.weft.core.types;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Objects;

/**
 * Writes a POJO's fields sorted by name (see {@link #fieldNames()}), in groups of eight, each group
 * preceded by a byte whose bit i is set when field i of the group is null. Reads create the object
 * through its public no-arg constructor and set every field, nulls included.
 */
public final class PojoSerializer<T> implements TypeSerializer<T> {
  private final Class<T> type;
  private final List<String> names;
  private final MethodHandle constructor; // ()Object
  private final MethodHandle[] getters; // (Object)Object
  private final MethodHandle[] setters; // (Object,Object)void
  private final boolean[] primitive;
  private final TypeSerializer<Object>[] fields;

  /**
   * @param fieldSerializers one per field, in the order of the field names sorted (the order
   *     {@link PojoTypeInfo#fieldNames()} lists them)
   * @throws InvalidTypeException if the class is not a POJO
   */
  @SuppressWarnings("unchecked")
  public PojoSerializer(Class<T> type, List<? extends TypeSerializer<?>> fieldSerializers) {
    this.type = Objects.requireNonNull(type, "type");
    List<Reflection.PojoField> pf = Reflection.pojoFields(type, null);
    if (pf.size() != fieldSerializers.size()) {
      throw new IllegalArgumentException(type.getName() + " has " + pf.size() + " fields but "
          + fieldSerializers.size() + " serializers were given");
    }
    int n = pf.size();
    names = pf.stream().map(Reflection.PojoField::name).toList();
    getters = new MethodHandle[n];
    setters = new MethodHandle[n];
    primitive = new boolean[n];
    fields = new TypeSerializer[n];
    try {
      constructor = Reflection.LOOKUP.findConstructor(type, MethodType.methodType(void.class))
          .asType(MethodType.methodType(Object.class));
      for (int i = 0; i < n; i++) {
        Reflection.PojoField f = pf.get(i);
        getters[i] = f.getterHandle();
        setters[i] = f.setterHandle();
        primitive[i] = f.field().getType().isPrimitive();
        fields[i] = (TypeSerializer<Object>) Objects.requireNonNull(
            fieldSerializers.get(i), "serializer of field " + f.name());
      }
    } catch (IllegalAccessException | NoSuchMethodException e) {
      String reason = Reflection.notPublicReason(type);
      throw InvalidTypeException.of(TypeNames.of(type), null,
          "its constructor or accessors cannot be reached publicly ("
              + (reason != null ? reason : e.getMessage()) + ")",
          Reflection.FIX_POJO);
    }
  }

  public List<String> fieldNames() {
    return names;
  }

  @Override
  public void serialize(T value, DataOutput out) throws IOException {
    if (value == null) {
      throw Io.nullValue(TypeNames.of(type));
    }
    NullMaskedFields.write(value, getters, primitive, fields, out);
  }

  @Override
  public T deserialize(DataInput in) throws IOException {
    Object obj = newInstance();
    int n = fields.length;
    for (int g = 0; g < n; g += NullMaskedFields.GROUP) {
      int end = Math.min(n, g + NullMaskedFields.GROUP);
      int nulls = NullMaskedFields.readMask(in, end - g, type);
      for (int i = g; i < end; i++) {
        if ((nulls & (1 << (i - g))) == 0) {
          set(i, obj, fields[i].deserialize(in));
        } else if (primitive[i]) {
          throw new IOException("corrupt input: null for primitive field " + names.get(i) + " of " + type.getName());
        } else {
          // The constructor may have initialised the field; null must still come back as null.
          set(i, obj, null);
        }
      }
    }
    return type.cast(obj);
  }

  @Override
  public T copy(T value) {
    if (value == null) {
      throw Io.nullValue(TypeNames.of(type));
    }
    Object obj = newInstance();
    for (int i = 0; i < fields.length; i++) {
      Object v = get(i, value);
      set(i, obj, v == null ? null : fields[i].copy(v));
    }
    return type.cast(obj);
  }

  @Override
  public int fixedLength() {
    return -1;
  }

  private Object newInstance() {
    try {
      return (Object) constructor.invokeExact();
    } catch (Throwable t) {
      throw Reflection.rethrow(t);
    }
  }

  private Object get(int i, Object obj) {
    return NullMaskedFields.get(getters[i], obj);
  }

  private void set(int i, Object obj, Object v) {
    try {
      setters[i].invokeExact(obj, v);
    } catch (Throwable t) {
      throw Reflection.rethrow(t);
    }
  }
}
